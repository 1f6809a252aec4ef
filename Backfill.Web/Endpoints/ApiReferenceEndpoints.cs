using Scalar.AspNetCore;

namespace Backfill.Web.Endpoints;

public static class ApiReferenceEndpoints
{
    /// <summary>The OpenAPI document at /openapi/v1.json and its Scalar reference page at /scalar.</summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapOpenApi();

        // Scalar ships its script inside the package; its default fonts and telemetry would call out to the internet.
        app.MapScalarApiReference(options => options
            .WithTitle("Klaviyo Backfill API")
            .DisableDefaultFonts()
            .DisableTelemetry());
        return app;
    }
}
