using System.Text.RegularExpressions;

namespace Backfill.Services.Logging;

/// <summary>
/// Masks text shaped like a credential: Klaviyo private keys (<c>pk_…</c>), <c>Authorization</c> values
/// (<c>Klaviyo-API-Key …</c>, <c>Bearer …</c>, <c>Basic …</c>, <c>Authorization: …</c>), Google OAuth access tokens
/// (<c>ya29.…</c>), PEM private keys, Slack webhook URLs (<c>hooks.slack.com/services/…</c>, whose path is the
/// credential) and the password in a URL's user info (<c>smtp://user:…@host</c>). The recognisable prefix stays so a
/// reader still sees what kind of secret was there (<c>pk_***</c>, <c>Bearer ***</c>); nothing of the secret itself is
/// kept, not even a suffix.
/// </summary>
/// <remarks>
/// Deliberately not masked, so ordinary text stays readable: <c>pk_</c> followed by fewer than six key characters
/// (<c>pk_id</c>, a lone <c>pk_</c>), <c>pk_</c> inside a longer identifier (<c>campaign_pk_id</c>, <c>PK_Orders</c>),
/// and a scheme word followed by an all-lowercase word (<c>bearer of</c>, <c>Basic settings</c>). A purely
/// lowercase-alphabetic bearer token would therefore pass; real tokens mix case, digits or punctuation.
/// </remarks>
public static partial class SecretRedactor
{
    /// <summary>What replaces the secret part of a match.</summary>
    public const string Mask = "***";

    /// <summary>The text with every secret-shaped part masked; the same instance when nothing matched.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Secrets().Replace(text, static match => match.Groups["keep"].Value + Mask);
    }

    /// <summary>As <see cref="Redact(string)"/>, passing null through.</summary>
    public static string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    /// <summary>Whether <paramref name="text"/> holds anything <see cref="Redact(string)"/> would mask.</summary>
    public static bool ContainsSecret(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Secrets().IsMatch(text);
    }

    // One pass, alternatives in priority order; each names the part to keep ("keep") and everything else it matched
    // is the secret. Authorization comes first so "Authorization: Bearer x" masks x once, keeping the scheme.
    // - Authorization header dumps: the value after "Authorization:" / "Authorization=" (optional scheme kept).
    // - Klaviyo-API-Key <anything>: the scheme is distinctive, so any value after it is a key.
    // - Bearer/Basic <token>: b64token of 8+ characters that is not a plain lowercase word.
    // - pk_ + 6 or more key characters, not inside a longer identifier (real keys: pk_ + ~34 alphanumerics; the
    //   sandbox's: pk_sandbox_slug-with-dashes).
    // - ya29.<token>: Google OAuth 2.0 access tokens.
    // - GOCSPX-<secret>: Google OAuth client secrets (the dashboard's sign-in client).
    // - PEM private keys (service account JSON), to the END line or, when cut off, to the end of the text.
    // - Slack webhook URLs: everything after hooks.slack.com/services/ (or workflows/, triggers/) is the token.
    // - user:password@ in a URL: the password.
    [GeneratedRegex("""
        (?<keep>(?i:\bauthorization)["']?\s*[:=]\s*["']?(?:(?i:Bearer|Basic|Klaviyo-API-Key|Token)\s+)?)[^\s"',;]+
        |(?<keep>(?i:\bKlaviyo-API-Key)\s+)[^\s"',;]+
        |(?<keep>(?i:\b(?:Bearer|Basic))\s+)(?![a-z]+(?![A-Za-z0-9._~+/=-]))[A-Za-z0-9._~+/-]{8,}=*
        |(?<keep>(?<![A-Za-z0-9_])pk_)[A-Za-z0-9_-]{6,}
        |(?<keep>(?<![A-Za-z0-9_.])ya29\.)[A-Za-z0-9._-]+
        |(?<keep>(?<![A-Za-z0-9_])GOCSPX-)[A-Za-z0-9_-]{6,}
        |(?<keep>-----BEGIN\ (?:[A-Z]+\ )*PRIVATE\ KEY-----)[\s\S]*?(?:-----END\ (?:[A-Z]+\ )*PRIVATE\ KEY-----|\z)
        |(?<keep>(?i:\bhooks\.slack(?:-gov)?\.com/(?:services|workflows|triggers)/))[^\s"'<>,;)]+
        |(?<keep>(?i:\b[a-z][a-z0-9+.-]*://)[^\s/:@"']+:)[^\s/@"']+(?=@)
        """, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Secrets();
}
