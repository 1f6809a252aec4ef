using Backfill.Services.Telemetry;
using Backfill.Web.Security;
using OpenTelemetry.Metrics;

namespace Backfill.Web.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// The product's meter (<see cref="BackfillMetrics"/>) plus ASP.NET Core's and HttpClient's built-in meters,
    /// exported to Prometheus (<see cref="MapMetricsEndpoint"/>) and, when configured, to an OTLP collector.
    /// </summary>
    public static IServiceCollection AddBackfillTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName);
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.AddBackfillRunMetrics();
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(BackfillMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "System.Net.Http");
            if (options.PrometheusEnabled)
            {
                metrics.AddPrometheusExporter();
            }

            if (options.OtlpEndpoint is { } endpoint)
            {
                metrics.AddOtlpExporter(otlp => otlp.Endpoint = endpoint);
            }
        });
        return services;
    }

    /// <summary>
    /// <c>GET /metrics</c> (or the configured path) in Prometheus' text format: operators only unless
    /// <see cref="TelemetryOptions.AllowAnonymousScrape"/> says otherwise.
    /// </summary>
    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value;
        if (!options.PrometheusEnabled)
        {
            return app;
        }

        // GET /metrics — Prometheus scrape; excluded from the API description, it is not part of the REST API.
        var endpoint = app.MapPrometheusScrapingEndpoint(options.PrometheusPath).WithMetadata(new Microsoft.AspNetCore.Routing.ExcludeFromDescriptionAttribute());
        if (options.AllowAnonymousScrape)
        {
            endpoint.AllowAnonymous();
        }
        else
        {
            endpoint.RequireAuthorization(BackfillPolicies.Operate);
        }

        return app;
    }
}
