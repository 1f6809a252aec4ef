using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Backfill.Services.Alerts;

/// <summary>
/// The webhook's signature: <c>X-Backfill-Signature: sha256=&lt;hex of HMAC-SHA256(secret, timestamp + "." + body)&gt;</c>
/// with <c>X-Backfill-Timestamp</c> the Unix time in seconds of the attempt. A receiver recomputes it over the raw body
/// and compares in constant time, and refuses timestamps far from its clock (replays).
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-Backfill-Timestamp";

    public const string SignatureHeader = "X-Backfill-Signature";

    public const string Scheme = "sha256=";

    public static string Timestamp(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static string Compute(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(timestamp);
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>Whether <paramref name="signature"/> is the one <see cref="Compute"/> gives, compared in constant time.</summary>
    public static bool Verify(string secret, string timestamp, ReadOnlySpan<byte> body, string? signature) =>
        signature is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}
