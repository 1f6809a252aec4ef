using Scalar.AspNetCore;

namespace Backfill.Web.Endpoints;

public static class ApiReferenceEndpoints
{
    private static readonly PathString ApiReferencePath = "/scalar";

    /// <summary>How long browsers and proxies may keep the reference's script files before asking again.</summary>
    private const string AssetCaching = "public, max-age=86400";

    /// <summary>The OpenAPI document at /openapi/v1.json and its Scalar reference page at /scalar.</summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        // Scalar serves its script files (scalar.js is 4.9 MB) anonymously, outside the rate limiter, with "no-cache", so
        // every visit asks again. They change only with the package, so they may be kept a day; the ETag still answers 304
        // after that. The page itself (no file extension) carries the app's settings and keeps Scalar's header.
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(ApiReferencePath, out var rest) && Path.HasExtension(rest.Value))
            {
                context.Response.OnStarting(
                    static state =>
                    {
                        var response = (HttpResponse)state;
                        if (response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified)
                        {
                            response.Headers.CacheControl = AssetCaching;
                        }

                        return Task.CompletedTask;
                    },
                    context.Response);
            }

            return next(context);
        });

        app.MapOpenApi();

        // Scalar ships its script inside the package; its fonts, telemetry, AI agent and cloud toolbar would call
        // out to the internet, which a local tool neither needs nor has.
        app.MapScalarApiReference(options => options
            .WithTitle("Klaviyo Backfill API")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools()
            .WithDotNetFlag(false)
            // Scalar's bundled zod probes for eval with new Function(""), which the page's CSP blocks (and reports);
            // jitless tells zod not to try. Backfill.Web/Security/ContentSecurityPolicies.cs has the policy.
            .AddHeadContent("<script>globalThis.__zod_globalConfig = { jitless: true };</script>"));
        return app;
    }
}
