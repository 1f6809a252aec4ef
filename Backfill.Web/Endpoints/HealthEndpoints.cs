using Backfill.Services.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Backfill.Web.Endpoints;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        // GET /health — whether the document store answers; 503 when it does not. Anonymous: load balancers and
        // uptime checks probe it without credentials.
        app.MapGet("/health", GetHealthAsync)
            .WithName("GetHealth")
            .WithSummary("Whether the document store answers")
            .WithTags("Health")
            .AllowAnonymous()
            .Produces<UnhealthyResponse>(StatusCodes.Status503ServiceUnavailable);

        // GET /health/ready — readiness (Cloud Run startup probe, load balancers): 503 until the coordinator has loaded
        // clients and statuses and while the store does not answer. /health stays the liveness check.
        app.MapGet("/health/ready", ReadinessEndpoint.GetReadyAsync)
            .WithName("GetReadiness")
            .WithSummary("Whether this instance is ready for traffic: the coordinator has loaded and the store answers")
            .WithTags("Health")
            .AllowAnonymous()
            .Produces<ReadinessEndpoint.NotReadyResponse>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Ok<HealthyResponse>, JsonHttpResult<UnhealthyResponse>>> GetHealthAsync(
        IDocumentStore store, CancellationToken cancellationToken)
    {
        // The description names the provider and its target only; stores never put credentials in it.
        var description = store.Description;
        var health = await store.CheckHealthAsync(cancellationToken);

        if (health.Healthy)
        {
            return TypedResults.Ok(new HealthyResponse("healthy", description, Math.Round(health.Latency.TotalMilliseconds, 1)));
        }

        return TypedResults.Json(
            new UnhealthyResponse("unhealthy", description, health.Error ?? "the store did not answer"),
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    internal sealed record HealthyResponse(string Status, StoreDescription Store, double LatencyMs);

    internal sealed record UnhealthyResponse(string Status, StoreDescription Store, string Error);
}
