using Backfill.Web.Endpoints.Backfill;
using Microsoft.AspNetCore.Http.Features;

namespace Backfill.Web.Security;

/// <summary>
/// The sandbox's control routes (<c>/sandbox/klaviyo/_control/*</c>: faults today, more later) take JSON, and like the
/// API they refuse anything else with 415: a state-changing request there that carries a body or names a type must send
/// <c>application/json</c>. A page on another site can send text/plain, form and multipart bodies without asking the
/// server; JSON needs a CORS preflight, which this app never grants. A rule on the path rather than a filter on today's
/// routes, so a control route added later is covered without anyone remembering to add it.
/// </summary>
internal static class SandboxControlBodyGuard
{
    // SandboxEndpoints.Prefix + "/_control", spelled out so the web layer does not depend on where the sandbox's code
    // lives; CrossSiteRequestTests send to a control route that is not mapped and fail if the two drift apart.
    private static readonly PathString ControlRoutes = "/sandbox/klaviyo/_control";

    public static bool IsRefused(HttpContext context)
    {
        var request = context.Request;
        if (!CrossSiteRequestGuard.IsStateChanging(request.Method) || !request.Path.StartsWithSegments(ControlRoutes))
        {
            return false;
        }

        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength > 0;
        return (hasBody || request.Headers.ContentType.Count > 0) && !request.HasJsonContentType();
    }

    public static Task WriteRefusalAsync(HttpContext context) => Endpoints.JsonBody.NotJson().ExecuteAsync(context);
}
