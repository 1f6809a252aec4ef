namespace Backfill.Services.Klaviyo;

/// <summary>
/// A Klaviyo private API key. It prints as a redacted placeholder so it cannot leak through logs,
/// exception messages, records' <c>ToString</c> or debugger displays; only the transport reads the value.
/// </summary>
public sealed class KlaviyoApiKey : IEquatable<KlaviyoApiKey>
{
    private readonly string _value;

    public KlaviyoApiKey(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (value.Any(char.IsWhiteSpace) || value.Any(char.IsControl))
        {
            throw new ArgumentException("A Klaviyo API key contains no whitespace or control characters.", nameof(value));
        }

        _value = value;
    }

    /// <summary>The secret itself; callers outside the HTTP transport have no reason to read it.</summary>
    internal string Reveal() => _value;

    /// <summary>A stable, non-reversible identity for partitioning rate limits per key.</summary>
    internal string Fingerprint()
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(_value));
        return Convert.ToHexString(hash, 0, 12);
    }

    public bool Equals(KlaviyoApiKey? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as KlaviyoApiKey);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);

    public override string ToString() => "pk_***redacted***";
}
