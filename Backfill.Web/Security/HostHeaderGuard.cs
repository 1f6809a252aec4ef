namespace Backfill.Web.Security;

/// <summary>
/// Refuses a request whose Host no URI can hold. Kestrel passes an empty Host (HTTP/1.0, or <c>Host:</c> with no value)
/// and any port digits (<c>127.0.0.1:99999</c>), and AllowedHosts allows empty hosts and ignores ports; Blazor's
/// navigation manager, redirects and sign-in then build a <see cref="Uri"/> from it and throw, so a bad header became a
/// 500. Runs first, before anything reads the host.
/// </summary>
internal static class HostHeaderGuard
{
    public static bool IsValid(HostString host)
    {
        if (!host.HasValue || host.Host.Length == 0)
        {
            return false;
        }

        // HostString.Port is null for no port and for digits it cannot parse; Uri.TryCreate below refuses the latter.
        if (host.Port is < 1 or > 65535)
        {
            return false;
        }

        return Uri.TryCreate("http://" + host.Value + "/", UriKind.Absolute, out var uri)
            && uri.UserInfo.Length == 0
            && uri.AbsolutePath == "/";
    }

    public static Task WriteRefusalAsync(HttpContext context) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { ["Host"] = ["the Host header must be a host name or address with an optional port from 1 to 65535"] },
            title: "The request has invalid values",
            type: "https://tools.ietf.org/html/rfc9110#section-15.5.1").ExecuteAsync(context);
}
