using Backfill.Services.Klaviyo;

namespace Backfill.Services.Clients;

/// <summary>Turns a client into the account context a Klaviyo client is created for: its own key, and the sandbox's address for sandbox clients.</summary>
public sealed class KlaviyoAccountResolver(IKlaviyoKeyResolver keys, IKlaviyoSandboxAddress sandbox)
{
    public async Task<KlaviyoAccountContext> ResolveAsync(ClientRecord client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        Uri? baseUrl = null;
        if (client.SandboxAccount)
        {
            baseUrl = sandbox.BaseAddress ?? throw new KlaviyoKeyUnavailableException(
                $"Client '{client.Id.Value}' is a sandbox account, but the Klaviyo sandbox is not served here (set Klaviyo:Sandbox:Enabled=true).");
        }

        var key = await keys.ResolveAsync(client, cancellationToken);
        return new KlaviyoAccountContext(key, client.Id.Value, baseUrl);
    }
}
