namespace Backfill.Web.Security;

public static class SecurityHeadersExtensions
{
    /// <summary>The path the API reference page and its script are served under.</summary>
    private static readonly PathString ApiReferencePath = "/scalar";

    /// <summary>
    /// Browser security headers on every response: pages, API JSON, static files, problem details and 404s. Put it
    /// first in the pipeline; the headers are written as the response starts, so the exception handler and status
    /// code pages, which clear and re-execute responses, cannot drop them.
    /// </summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        var development = app.Environment.IsDevelopment();
        app.Use((context, next) =>
        {
            context.Response.OnStarting(
                static state =>
                {
                    var (context, development) = ((HttpContext, bool))state;
                    Apply(context, development);
                    return Task.CompletedTask;
                },
                (context, development));
            return next(context);
        });
        return app;
    }

    private static void Apply(HttpContext context, bool development)
    {
        var headers = context.Response.Headers;

        // Development's exception page is built from inline script and style; a CSP would leave it unreadable.
        if (!(development && context.Response.StatusCode >= StatusCodes.Status500InternalServerError))
        {
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(ApiReferencePath)
                ? ContentSecurityPolicies.ApiReference
                : ContentSecurityPolicies.App;
        }

        headers.XContentTypeOptions = "nosniff";

        // Browsers without CSP frame-ancestors.
        headers.XFrameOptions = "DENY";

        // Paths name clients (/data/rogue-creamery), so nothing is sent to other sites; same-origin requests keep
        // Referer and Origin (no-referrer would make browsers send "Origin: null" on our own form posts).
        headers["Referrer-Policy"] = "same-origin";

        // No other window (a page this app links to, or one that opened it) gets a handle on ours.
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";

        // Powerful features the app never uses, off for it and for anything it might embed.
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
    }
}
