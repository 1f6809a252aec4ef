namespace Backfill.Services.Secrets;

/// <summary>
/// Reads secrets by id. The seam between the app and Secret Manager: <see cref="SecretManagerClient"/> speaks its
/// REST API today, and Google's official client could take its place in one class.
/// </summary>
public interface ISecretSource
{
    /// <summary>
    /// The payload of the newest enabled version of <paramref name="secretId"/>, integrity-checked. Throws
    /// <see cref="SecretAccessException"/> (never containing the payload) when it cannot be read.
    /// </summary>
    Task<SecretPayload> AccessLatestAsync(string secretId, CancellationToken cancellationToken);
}

/// <summary>
/// A secret's value. Prints redacted, so it cannot leak through logs, messages or <c>ToString</c>; read it with
/// <see cref="RevealText"/> at the one place that needs it.
/// </summary>
public sealed class SecretPayload(string versionName, byte[] data)
{
    /// <summary>The version that was read, e.g. <c>projects/123/secrets/klaviyo-api-key-acme/versions/4</c>.</summary>
    public string VersionName { get; } = versionName;

    /// <summary>The value as UTF-8 text.</summary>
    public string RevealText() => System.Text.Encoding.UTF8.GetString(data);

    public override string ToString() => $"{VersionName} (***redacted***)";
}
