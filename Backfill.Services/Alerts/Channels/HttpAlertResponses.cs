using System.Net;
using Backfill.Services.Logging;

namespace Backfill.Services.Alerts.Channels;

/// <summary>An HTTP receiver's answer → delivered, or an <see cref="AlertDeliveryException"/> that says whether to retry.</summary>
internal static class HttpAlertResponses
{
    private const int MaxBodyInMessage = 200;

    /// <param name="address">Where it was sent: masked in the excerpt too, in case the receiver echoes its own URL.</param>
    public static async Task EnsureDeliveredAsync(
        HttpResponseMessage response, string receiver, Uri address, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var transient = status >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;
        var body = Mask(await ReadShortAsync(response, cancellationToken), address);
        throw new AlertDeliveryException(
            SecretRedactor.Redact($"{receiver} answered {status}{(body.Length > 0 ? $": {body}" : "")}"),
            transient,
            RetryAfter(response, timeProvider.GetUtcNow()));
    }

    /// <summary>Retry-After as seconds or as a date; null when absent or already past.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - now : null);
        return wait > TimeSpan.Zero ? wait : null;
    }

    private static string Mask(string text, Uri address)
    {
        foreach (var part in new[] { address.ToString(), address.PathAndQuery, address.AbsolutePath }.Where(p => p.Length > 1))
        {
            text = text.Replace(part, SecretRedactor.Mask, StringComparison.OrdinalIgnoreCase);
        }

        return text;
    }

    // A short excerpt helps ("invalid_payload", "no_service"); a long body is somebody else's error page.
    private static async Task<string> ReadShortAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return text.Length <= MaxBodyInMessage ? text : text[..MaxBodyInMessage] + "…";
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }
}
