namespace Backfill.Web.Security;

/// <summary>
/// Refuses state-changing API requests that a browser sent on behalf of another site. In local mode every request is an
/// operator and with Google sign-in the session cookie rides along, so without this a page elsewhere could start or
/// cancel backfills with a bodiless POST. Browsers say where a request comes from (<c>Sec-Fetch-Site</c>,
/// <c>Origin</c>); scripts send neither and are unaffected, and a bearer key cannot be attached cross-site at all.
/// </summary>
internal static class CrossSiteRequestGuard
{
    public static bool IsRefused(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || !AccessProblems.IsApiRequest(request))
        {
            return false;
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is not ("same-origin" or "none");
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0
            && !(Uri.TryCreate(origin, UriKind.Absolute, out var from)
                 && string.Equals(from.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }

    public static Task WriteRefusalAsync(HttpContext context) =>
        TypedResults.Problem(
            "A page on another site tried to send this command. Use the dashboard, or call the API from a script.",
            statusCode: StatusCodes.Status403Forbidden,
            title: "Cross-site request refused").ExecuteAsync(context);
}
