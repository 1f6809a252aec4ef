using Scalar.AspNetCore;

namespace Backfill.Web.Endpoints;

public static class ApiReferenceEndpoints
{
    /// <summary>The OpenAPI document at /openapi/v1.json and its Scalar reference page at /scalar.</summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
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
