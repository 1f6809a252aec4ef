using System.Security.Claims;
using Backfill.Services.Backfill;
using Backfill.Services.Backfill.History;
using Backfill.Services.Clients;
using Backfill.Web.Security;
using Microsoft.Extensions.Options;

namespace Backfill.Web.Endpoints.Backfill;

/// <summary>
/// <c>/api/backfill/...</c> routes of the living copy: refresh one or every client, the run history, and deleting what
/// was copied for a client.
/// </summary>
public static class RunEndpoints
{
    public const int MaxRunsPage = 100;

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/backfill").WithTags("Backfill")
            .RequireAuthorization(BackfillPolicies.View)
            .RequireRateLimiting(ApiRateLimits.PerCaller)
            .RequireClientScope();

        // POST /api/backfill/refresh/{client_id}?lookback_days=7&include_today=false
        api.MapPost("/refresh/{client_id}", RefreshAsync).WithName("RefreshClient")
            .WithSummary("Re-read from the end of coverage minus the lookback through yesterday (or today), equal to Klaviyo")
            .RequireAuthorization(BackfillPolicies.Operate);

        // POST /api/backfill/refresh-all {"lookback_days":7,"include_today":false,"test_mode":false}
        api.MapPost("/refresh-all", RefreshAllAsync).WithName("RefreshAllClients")
            .WithSummary("Refresh every idle client, or only the test client in test mode")
            .RequireAuthorization(BackfillPolicies.Operate)
            .Accepts<RefreshAllRequest>("application/json");

        // GET /api/backfill/runs/{client_id}?limit=20&page_token=…
        api.MapGet("/runs/{client_id}", GetRunsAsync).WithName("GetRuns").WithSummary("A client's runs, newest first");

        // DELETE /api/backfill/data/{client_id} — everything copied for the client, and its coverage
        api.MapDelete("/data/{client_id}", (string client_id, IBackfillCoordinator c, CancellationToken ct) =>
            BackfillEndpoints.CommandAsync(client_id, id => c.ClearDataAsync(id, ct))).WithName("ClearClientData")
            .WithSummary("Delete the client's copied data and its coverage (not the client or its run history)")
            .RequireAuthorization(BackfillPolicies.Operate);
        return app;
    }

    private static async Task<IResult> RefreshAsync(string client_id, HttpRequest request, IBackfillCoordinator coordinator, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var id = input.ClientId(client_id);
        var lookback = input.Integer(input.Query(request, "lookback_days"), "lookback_days", RefreshRequest.MinLookbackDays, RefreshRequest.MaxLookbackDays);
        var includeToday = input.Boolean(input.Query(request, "include_today"), "include_today") ?? false;
        if (input.HasErrors)
        {
            return input.Problem();
        }

        var result = await coordinator.RefreshAsync(id, new RefreshRequest(lookback, includeToday), cancellationToken);
        return result.Accepted
            ? TypedResults.Accepted($"/api/backfill/status/{id.Value}", new CommandResponse("started", id.Value, result.Message, StatusResponse.From(result.Status!)))
            : CommandResults.Refusal(result.Outcome, result.Message, result.Errors);
    }

    private static async Task<IResult> RefreshAllAsync(
        HttpRequest request, ClaimsPrincipal user, IBackfillCoordinator coordinator, IOptions<BackfillOptions> options, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var (body, refusal) = await RefreshAllRequest.ReadAsync(request, input, cancellationToken);
        if (body is null)
        {
            return refusal!;
        }

        var refresh = new RefreshRequest(body.LookbackDays, body.IncludeToday ?? false);
        input.AddAll(refresh.Validate());
        if (input.HasErrors)
        {
            return input.Problem();
        }

        var testMode = body.TestMode ?? false;
        var result = await ScopedBulkCommands.RefreshAllAsync(coordinator, ClientScope.Of(user), options.Value.TestClientId, refresh, testMode, cancellationToken);
        if (result.Outcome is BackfillCommandOutcome.NotFound or BackfillCommandOutcome.Invalid)
        {
            return CommandResults.Refusal(result.Outcome, result.Message, null);
        }

        return TypedResults.Json(
            new RefreshAllResponse(
                result.Started.Count > 0 ? "started" : "nothing_started",
                [.. result.Started.Select(s => new ClientRef(s.ClientId.Value, s.ClientName))],
                [.. result.SkippedBusy.Select(s => new ClientRef(s.ClientId.Value, s.ClientName))],
                refresh.LookbackDays, refresh.IncludeToday, testMode, result.Message),
            statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> GetRunsAsync(
        string client_id, HttpRequest request, RunHistory history, ClientRegistry clients, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var id = input.ClientId(client_id);
        var limit = input.Integer(input.Query(request, "limit"), "limit", 1, MaxRunsPage) ?? 20;
        var token = input.Query(request, "page_token");
        if (token is not null && !RunIds.IsValid(token))
        {
            input.Fail("page_token", "page_token is not a token this API issued");
        }

        if (input.HasErrors)
        {
            return input.Problem();
        }

        if (await clients.GetAsync(id, cancellationToken) is null)
        {
            return CommandResults.UnknownClient(id);
        }

        var page = await history.ListAsync(id, limit, token, cancellationToken);
        return TypedResults.Ok(new RunsResponse(id.Value, [.. page.Runs.Select(RunResponse.From)], page.NextPageToken));
    }
}
