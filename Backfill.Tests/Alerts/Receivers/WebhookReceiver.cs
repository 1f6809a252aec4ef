using System.Security.Cryptography;
using Backfill.Services.Alerts;

namespace Backfill.Tests.Alerts.Receivers;

/// <summary>The generic webhook's receiver: refuses (400) a request whose signature is not HMAC-SHA256 of timestamp.body with its secret.</summary>
internal static class WebhookReceiver
{
    public const string Path = "/hooks/backfill";

    public static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public static Task<HttpReceiver> StartAsync(string secret) =>
        HttpReceiver.StartAsync(Path, (headers, body) =>
        {
            if (!headers.TryGetValue(WebhookSignature.TimestampHeader, out var timestamp) || !long.TryParse(timestamp, out _))
            {
                return "missing or bad X-Backfill-Timestamp";
            }

            if (!headers.TryGetValue("Content-Type", out var type) || !type.StartsWith("application/json", StringComparison.Ordinal))
            {
                return "not JSON";
            }

            return WebhookSignature.Verify(secret, timestamp, body, headers.GetValueOrDefault(WebhookSignature.SignatureHeader))
                ? null
                : "bad signature";
        });
}
