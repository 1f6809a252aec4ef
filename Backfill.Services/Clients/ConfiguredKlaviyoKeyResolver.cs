using Backfill.Services.Klaviyo;
using Microsoft.Extensions.Configuration;

namespace Backfill.Services.Clients;

/// <summary>
/// Keys from configuration (<c>Klaviyo:Keys:{client_id}</c>: user-secrets or the <c>Klaviyo__Keys__{client_id}</c>
/// environment variable), and the sandbox key for sandbox clients. Secret Manager takes this seat later.
/// </summary>
public sealed class ConfiguredKlaviyoKeyResolver(IConfiguration configuration) : IKlaviyoKeyResolver
{
    public const string SandboxKeyPrefix = "pk_sandbox_";

    public Task<KlaviyoApiKey> ResolveAsync(ClientRecord client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.SandboxAccount)
        {
            return Task.FromResult(new KlaviyoApiKey(SandboxKeyPrefix + client.Id.Value));
        }

        var configured = configuration[$"Klaviyo:Keys:{client.Id.Value}"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new KlaviyoKeyUnavailableException(
                $"No Klaviyo key is configured for client '{client.Id.Value}'. Set Klaviyo:Keys:{client.Id.Value} "
                + $"(dotnet user-secrets set \"Klaviyo:Keys:{client.Id.Value}\" <key>, or the environment variable Klaviyo__Keys__{client.Id.Value}).");
        }

        try
        {
            return Task.FromResult(new KlaviyoApiKey(configured.Trim()));
        }
        catch (ArgumentException)
        {
            // The key's text must not reach the message.
            throw new KlaviyoKeyUnavailableException($"The configured Klaviyo key for client '{client.Id.Value}' is malformed (whitespace or control characters).");
        }
    }
}
