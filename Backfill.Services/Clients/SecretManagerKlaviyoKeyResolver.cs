using Backfill.Services.Klaviyo;
using Backfill.Services.Secrets;
using Backfill.Services.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Clients;

/// <summary>
/// Keys from Secret Manager, used when <c>SecretManager:ProjectId</c> is set. Sandbox clients get their sandbox key;
/// every other client's key is the newest version of its secret (<see cref="ClientRecord.EffectiveSecretName"/>),
/// cached for <see cref="SecretManagerOptions.CacheDuration"/>. When Secret Manager cannot give it and
/// <c>Klaviyo:Keys:{client_id}</c> is set, that key is used (a development fallback); otherwise the failure says
/// which secret and what to do. No key, payload or token is ever part of a message or a log.
/// </summary>
public sealed partial class SecretManagerKlaviyoKeyResolver(
    ISecretSource secrets,
    IOptions<SecretManagerOptions> options,
    ConfiguredKlaviyoKeyResolver configured,
    TimeProvider timeProvider,
    ILogger<SecretManagerKlaviyoKeyResolver> logger) : IKlaviyoKeyResolver
{
    private readonly KlaviyoKeyCache _cache = new(timeProvider);

    public async Task<KlaviyoApiKey> ResolveAsync(ClientRecord client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.SandboxAccount)
        {
            return ConfiguredKlaviyoKeyResolver.SandboxKey(client);
        }

        var secretName = client.EffectiveSecretName;
        try
        {
            return await _cache.GetOrLoadAsync(client.Id, secretName, options.Value.CacheDuration, () => ReadAsync(secretName), cancellationToken);
        }
        catch (SecretAccessException failure)
        {
            return Fallback(client, failure) ?? throw new KlaviyoKeyUnavailableException(SecretKeyMessages.Describe(failure, secretName, options.Value.Project), failure);
        }
        catch (InvalidKeyInSecretException failure)
        {
            return Fallback(client, failure) ?? throw new KlaviyoKeyUnavailableException(SecretKeyMessages.InvalidKey(failure.ResourceName, secretName, options.Value.Project));
        }
    }

    public bool Invalidate(ClientId client) => _cache.Invalidate(client);

    private async Task<KlaviyoApiKey> ReadAsync(string secretName)
    {
        var payload = await secrets.AccessLatestAsync(secretName, CancellationToken.None);
        try
        {
            // Trimmed: `echo key | gcloud secrets create … --data-file=-` stores a trailing newline.
            return new KlaviyoApiKey(payload.RevealText().Trim());
        }
        catch (ArgumentException)
        {
            throw new InvalidKeyInSecretException(options.Value.SecretResourceName(secretName));
        }
    }

    private KlaviyoApiKey? Fallback(ClientRecord client, Exception failure)
    {
        if (configured.FindConfigured(client) is not { } key)
        {
            return null;
        }

        LogFallback(client.Id.Value, failure is SecretAccessException access ? access.Kind.ToString() : "InvalidKey", options.Value.SecretResourceName(client.EffectiveSecretName));
        return key;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Secret Manager could not give the Klaviyo key of {ClientId} ({Reason} reading {ResourceName}); using Klaviyo:Keys:{ClientId} from configuration instead")]
    private partial void LogFallback(string clientId, string reason, string resourceName);

    /// <summary>The secret was read but does not hold something usable as a key; carries no text of it.</summary>
    private sealed class InvalidKeyInSecretException(string resourceName) : Exception("The secret does not hold a valid Klaviyo key.")
    {
        public string ResourceName { get; } = resourceName;
    }
}
