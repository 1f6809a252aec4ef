using Backfill.Services.Klaviyo;
using Microsoft.Extensions.Configuration;

namespace Backfill.Services.Clients;

/// <summary>
/// Keys from configuration (<c>Klaviyo:Keys:{client_id}</c>: user-secrets or the <c>Klaviyo__Keys__{client_id}</c>
/// environment variable), and the sandbox key for sandbox clients. Used alone when Secret Manager is not configured,
/// and as the development fallback of <see cref="SecretManagerKlaviyoKeyResolver"/> when it is.
/// </summary>
public sealed class ConfiguredKlaviyoKeyResolver(IConfiguration configuration) : IKlaviyoKeyResolver
{
    public const string SandboxKeyPrefix = "pk_sandbox_";

    public Task<KlaviyoApiKey> ResolveAsync(ClientRecord client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.SandboxAccount)
        {
            return Task.FromResult(SandboxKey(client));
        }

        return Task.FromResult(FindConfigured(client) ?? throw new KlaviyoKeyUnavailableException(
            $"No Klaviyo key is configured for client '{client.Id.Value}'. Set Klaviyo:Keys:{client.Id.Value} "
            + $"(dotnet user-secrets set \"Klaviyo:Keys:{client.Id.Value}\" <key>, or the environment variable Klaviyo__Keys__{client.Id.Value})."));
    }

    /// <summary>The built-in sandbox's key for a sandbox client.</summary>
    public static KlaviyoApiKey SandboxKey(ClientRecord client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new KlaviyoApiKey(SandboxKeyPrefix + client.Id.Value);
    }

    /// <summary><c>Klaviyo:Keys:{client_id}</c>, or null when it is not set; throws (without the key) when it is malformed.</summary>
    public KlaviyoApiKey? FindConfigured(ClientRecord client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var configured = configuration[$"Klaviyo:Keys:{client.Id.Value}"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        try
        {
            return new KlaviyoApiKey(configured.Trim());
        }
        catch (ArgumentException)
        {
            // The key's text must not reach the message.
            throw new KlaviyoKeyUnavailableException($"The configured Klaviyo key for client '{client.Id.Value}' is malformed (whitespace or control characters).");
        }
    }
}
