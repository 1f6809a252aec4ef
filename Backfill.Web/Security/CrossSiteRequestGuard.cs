namespace Backfill.Web.Security;

/// <summary>
/// Refuses requests a browser sent on behalf of another site: every state-changing request (any method but GET, HEAD
/// and OPTIONS, on any path — the API, the sandbox's control routes, sign-out, routes added later) and every request to
/// the Blazor hub, whose WebSocket browsers open from any page. In local mode every request is an operator and with
/// Google sign-in the session cookie rides along, so without this a page elsewhere could start backfills with a
/// bodiless POST, revoke a sandbox key with a text/plain form, or drive the dashboard's circuit. Browsers say where a
/// request comes from (<c>Sec-Fetch-Site</c>, <c>Origin</c>); scripts send neither and are unaffected, and a bearer key
/// cannot be attached cross-site at all.
/// </summary>
/// <remarks>
/// Nothing the app serves expects a cross-site POST: Google sign-in returns with a GET (query response mode).
/// </remarks>
internal static class CrossSiteRequestGuard
{
    /// <summary>Blazor's hub: negotiate, the WebSocket and its fallbacks.</summary>
    private static readonly PathString CircuitHub = "/_blazor";

    public static bool IsRefused(HttpRequest request) =>
        (IsStateChanging(request.Method) || request.Path.StartsWithSegments(CircuitHub)) && IsFromAnotherSite(request);

    public static bool IsStateChanging(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    private static bool IsFromAnotherSite(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is not ("same-origin" or "none");
        }

        // The app's own hosts are those AllowedHosts let through, so the Origin must name the host this request was sent to.
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0
            && !(Uri.TryCreate(origin, UriKind.Absolute, out var from)
                 && string.Equals(from.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }

    public static Task WriteRefusalAsync(HttpContext context) =>
        TypedResults.Problem(
            "A page on another site tried to send this request. Use the dashboard, or call the API from a script.",
            statusCode: StatusCodes.Status403Forbidden,
            title: "Cross-site request refused").ExecuteAsync(context);
}
