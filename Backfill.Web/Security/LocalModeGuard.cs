using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Backfill.Web.Security;

/// <summary>
/// Local mode must never be reachable from another machine. Three locks: the configured URLs are checked before the
/// server starts, the addresses actually bound are checked once it has, and every request that is not from this
/// machine or was relayed by a proxy or tunnel is refused in between.
/// </summary>
internal static class LocalModeGuard
{
    public const string HowToConfigure =
        "Either listen on this machine only (e.g. --urls http://localhost:8000) or configure sign-in: Auth:Google:ClientId, "
        + "Auth:Google:ClientSecret and Auth:Google:AllowedDomains/AllowedEmails/OperatorEmails for the dashboard, and/or "
        + "Auth:ApiKeys (Name, Role, Sha256) for scripts. See the README, section 'Deploying'.";

    /// <summary>The reason to refuse, or null when every configured URL is loopback.</summary>
    public static string? CheckConfiguredUrls(IConfiguration configuration)
    {
        var urls = new List<string>();
        if (configuration["urls"] is { Length: > 0 } configured)
        {
            urls.AddRange(configured.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        else
        {
            // http_ports/https_ports (ASPNETCORE_HTTP_PORTS, set by the .NET container images) bind every interface.
            foreach (var key in new[] { "http_ports", "https_ports" })
            {
                if (configuration[key] is { Length: > 0 } ports)
                {
                    urls.AddRange(ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(p => string.Create(CultureInfo.InvariantCulture, $"http://*:{p}")));
                }
            }
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                urls.Add(url);
            }
        }

        return Refusal(urls);
    }

    /// <summary>The reason to refuse, or null when the server bound loopback addresses only.</summary>
    public static string? CheckBoundAddresses(IServer server) =>
        Refusal(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);

    /// <summary>
    /// Headers a proxy, tunnel or CDN adds to say it relayed the request (besides every <c>X-Forwarded-*</c>). Each
    /// product has its own, so the list is long; any one of them is enough to refuse.
    /// </summary>
    private static readonly string[] RelayHeaders =
    [
        "Forwarded", "Via", "X-Real-IP", "CF-Connecting-IP", "True-Client-IP", "X-Client-IP", "X-Cluster-Client-IP",
        "Fastly-Client-IP",
    ];

    /// <summary>
    /// The request comes from this machine and was not relayed: a proxy or tunnel on this machine (ngrok, cloudflared,
    /// nginx) connects from loopback but announces the real client in forwarding headers.
    /// </summary>
    public static bool IsLocalRequest(HttpContext context) =>
        (context.Connection.RemoteIpAddress is not { } peer || IPAddress.IsLoopback(peer) || IsMappedLoopback(peer))
        && !IsRelayed(context.Request.Headers);

    private static bool IsRelayed(IHeaderDictionary headers) =>
        Array.Exists(RelayHeaders, headers.ContainsKey)
        || headers.Keys.Any(name => name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase));

    private static string? Refusal(IEnumerable<string> urls)
    {
        var open = urls.Where(url => !IsLoopbackUrl(url)).ToList();
        return open.Count == 0
            ? null
            : $"Refusing to start: no sign-in is configured (local mode), but the app would listen on {string.Join(", ", open)}, "
              + $"which other machines can reach. {HowToConfigure}";
    }

    internal static bool IsLoopbackUrl(string url)
    {
        // Kestrel accepts hosts Uri does not ("*", "+"); those bind every interface.
        var hostStart = url.IndexOf("://", StringComparison.Ordinal);
        var rest = hostStart < 0 ? url : url[(hostStart + 3)..];
        string host;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? rest : rest[1..close];
        }
        else
        {
            var end = rest.IndexOfAny([':', '/']);
            host = end < 0 ? rest : rest[..end];
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host, out var address) && (IPAddress.IsLoopback(address) || IsMappedLoopback(address));
    }

    private static bool IsMappedLoopback(IPAddress address) =>
        address.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(address.MapToIPv4());
}
