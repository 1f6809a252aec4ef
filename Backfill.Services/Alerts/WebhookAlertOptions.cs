namespace Backfill.Services.Alerts;

/// <summary>
/// <c>Alerts:Webhook</c>: a JSON POST signed with HMAC-SHA256 (<c>X-Backfill-Timestamp</c>,
/// <c>X-Backfill-Signature: sha256=…</c>). Off unless a URL is set; a URL without a secret is refused at start.
/// </summary>
public sealed class WebhookAlertOptions
{
    public string? Url { get; set; }

    /// <summary>Instead of <see cref="Url"/>: the Secret Manager secret that holds it.</summary>
    public string? UrlSecret { get; set; }

    /// <summary>The signing secret shared with the receiver; keep it out of appsettings.json.</summary>
    public string? Secret { get; set; }

    /// <summary>Instead of <see cref="Secret"/>: the Secret Manager secret that holds it.</summary>
    public string? SecretSecret { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Url) || !string.IsNullOrWhiteSpace(UrlSecret);
}
