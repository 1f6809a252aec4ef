namespace Backfill.KlaviyoSandbox;

/// <summary>
/// A private key of a demo account that lacks one scope (<c>Klaviyo:Sandbox:RestrictedKeys:{slug}</c>), so a caller can
/// see what Klaviyo answers a key created without, say, <c>campaigns:read</c>: 403 naming the scope on every endpoint
/// that needs it, and normal answers elsewhere.
/// </summary>
public sealed class SandboxRestrictedKey
{
    public string Key { get; set; } = "";

    /// <summary>The scope the key lacks, e.g. <c>campaigns:read</c>.</summary>
    public string MissingScope { get; set; } = "";
}
