using Backfill.Services.Backfill.Resilience;
using Backfill.Services.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Backfill.Web.Endpoints;

/// <summary><c>GET /health/ready</c>: 200 once the coordinator has loaded and while the store answers, else 503 with why.</summary>
internal static class ReadinessEndpoint
{
    public static async Task<Results<Ok<ReadyResponse>, JsonHttpResult<NotReadyResponse>>> GetReadyAsync(
        CoordinatorReadiness readiness, IDocumentStore store, CancellationToken cancellationToken)
    {
        if (!readiness.Loaded)
        {
            return NotReady(readiness.Problem ?? "the coordinator has not loaded yet");
        }

        var health = await store.CheckHealthAsync(cancellationToken);
        return health.Healthy
            ? TypedResults.Ok(new ReadyResponse("ready"))
            : NotReady("the document store does not answer: " + (health.Error ?? "no answer"));
    }

    private static JsonHttpResult<NotReadyResponse> NotReady(string reason) =>
        TypedResults.Json(new NotReadyResponse("not_ready", reason), statusCode: StatusCodes.Status503ServiceUnavailable);

    internal sealed record ReadyResponse(string Status);

    internal sealed record NotReadyResponse(string Status, string Reason);
}
