using Backfill.KlaviyoSandbox;
using Backfill.Services.Klaviyo;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Backfill.Web.Extensions;

/// <summary>
/// The sandbox this app serves, at the address Kestrel actually bound (port 0 in tests resolves to a real port), so
/// sandbox clients are fetched over real HTTP like any Klaviyo account.
/// </summary>
internal sealed class ServerKlaviyoSandboxAddress(IServer server, IOptions<SandboxOptions> options) : IKlaviyoSandboxAddress
{
    public Uri? BaseAddress
    {
        get
        {
            if (!options.Value.Enabled)
            {
                return null;
            }

            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault();
            if (address is null)
            {
                return null;
            }

            // A wildcard binding answers on loopback too; loopback never leaves the machine.
            var builder = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
            if (builder.Host is "0.0.0.0" or "[::]" or "::")
            {
                builder.Host = "127.0.0.1";
            }

            builder.Path = "/sandbox/klaviyo/";
            return builder.Uri;
        }
    }
}
