namespace Backfill.Services.Alerts;

/// <summary>The rule every alert URL follows, checked at start for literal values and again for values read from Secret Manager.</summary>
internal static class WebhookAddress
{
    public static bool IsAcceptable(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    public static Uri Parse(string value, string key) =>
        IsAcceptable(value) ? new Uri(value.Trim()) : throw new AlertDeliveryException($"{key} is not an absolute https address.", transient: false);
}
