using System.Security.Claims;
using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Data;
using Backfill.Services.Clients;
using Backfill.Services.Storage;
using Backfill.Web.Security;
using Microsoft.Extensions.Options;

namespace Backfill.Web.Endpoints.Backfill;

/// <summary>
/// <c>/api/backfill/...</c>: the routes our users already script against. Handlers only translate HTTP into
/// coordinator commands and data queries.
/// </summary>
public static class BackfillEndpoints
{
    public static IEndpointRouteBuilder MapBackfillApi(this IEndpointRouteBuilder app)
    {
        // Reading needs the viewer role; every command below also needs the operator role.
        var api = app.MapGroup("/api/backfill").WithTags("Backfill")
            .RequireAuthorization(BackfillPolicies.View)
            .RequireRateLimiting(ApiRateLimits.PerCaller)
            .RequireClientScope();

        // POST /api/backfill/start/{client_id}?years=1&include_orders=true (or &days=7)
        api.MapPost("/start/{client_id}", StartAsync).WithName("StartBackfill").WithSummary("Start a backfill of one client")
            .RequireAuthorization(BackfillPolicies.Operate);

        // POST /api/backfill/start-all {"years":1,"include_orders":true,"test_mode":false}
        api.MapPost("/start-all", StartAllAsync).WithName("StartAllBackfills").WithSummary("Start every idle client, or only the test client in test mode")
            .RequireAuthorization(BackfillPolicies.Operate)
            .Accepts<StartAllRequest>("application/json");

        // GET /api/backfill/status
        api.MapGet("/status", GetStatuses).WithName("GetBackfillStatuses").WithSummary("Every client's status, running first");

        // GET /api/backfill/status/{client_id}
        api.MapGet("/status/{client_id}", GetStatus).WithName("GetBackfillStatus").WithSummary("One client's status");

        // POST /api/backfill/cancel/{client_id}
        api.MapPost("/cancel/{client_id}", (string client_id, IBackfillCoordinator c, CancellationToken ct) =>
            CommandAsync(client_id, id => c.CancelAsync(id, ct))).WithName("CancelBackfill").WithSummary("Cancel a queued or running backfill")
            .RequireAuthorization(BackfillPolicies.Operate);

        // POST /api/backfill/retry/{client_id}
        api.MapPost("/retry/{client_id}", (string client_id, IBackfillCoordinator c, CancellationToken ct) =>
            CommandAsync(client_id, id => c.RetryAsync(id, ct))).WithName("RetryBackfill").WithSummary("Continue a failed or cancelled backfill from its checkpoint")
            .RequireAuthorization(BackfillPolicies.Operate);

        // DELETE /api/backfill/clear/{client_id}
        api.MapDelete("/clear/{client_id}", (string client_id, IBackfillCoordinator c, CancellationToken ct) =>
            CommandAsync(client_id, id => c.ClearAsync(id, ct))).WithName("ClearBackfill").WithSummary("Reset a client's status (not its data)")
            .RequireAuthorization(BackfillPolicies.Operate);

        // GET /api/backfill/data/{client_id}/summary
        api.MapGet("/data/{client_id}/summary", GetSummaryAsync).WithName("GetBackfillSummary").WithSummary("Totals of a client's backfilled data");

        // GET /api/backfill/data/{client_id}/orders?date=2024-12-25&limit=100&page_token=…
        api.MapGet("/data/{client_id}/orders", GetOrdersAsync).WithName("GetBackfilledOrders").WithSummary("A page of a client's orders, optionally of one day");

        // GET /api/backfill/data/{client_id}/orders.csv?date=2024-12-25 — every order (or one day's) as a CSV download
        api.MapGet("/data/{client_id}/orders.csv", ExportOrdersAsync).WithName("ExportBackfilledOrders")
            .WithSummary("Export a client's orders (all, or one day) as CSV").Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return app;
    }

    private static async Task<IResult> StartAsync(
        string client_id, HttpRequest request, IBackfillCoordinator coordinator, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var id = input.ClientId(client_id);
        var years = input.Integer(input.Query(request, "years"), "years", BackfillRequest.MinYears, BackfillRequest.MaxYears);
        var days = input.Integer(input.Query(request, "days"), "days", BackfillRequest.MinDays, BackfillRequest.MaxDays);
        var includeOrders = input.Boolean(input.Query(request, "include_orders"), "include_orders") ?? true;
        if (input.HasErrors)
        {
            return input.Problem();
        }

        var backfill = new BackfillRequest(years, days, includeOrders);
        input.AddAll(backfill.Validate());
        if (input.HasErrors)
        {
            return input.Problem();
        }

        var result = await coordinator.StartAsync(id, backfill, cancellationToken);
        if (!result.Accepted)
        {
            return CommandResults.Refusal(result.Outcome, result.Message, result.Errors);
        }

        var status = result.Status!;
        return TypedResults.Accepted(
            $"/api/backfill/status/{id.Value}",
            new StartedResponse("started", id.Value, status.ClientName, status.Parameters.Years, status.Parameters.Days, includeOrders, result.Message,
                $"/api/backfill/status/{id.Value}"));
    }

    private static async Task<IResult> StartAllAsync(
        HttpRequest request, ClaimsPrincipal user, IBackfillCoordinator coordinator, IOptions<BackfillOptions> options, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var (body, refusal) = await StartAllRequest.ReadAsync(request, input, cancellationToken);
        if (body is null)
        {
            return refusal!;
        }

        var backfill = new BackfillRequest(body.Years, body.Days, body.IncludeOrders ?? true);
        input.AddAll(backfill.Validate());
        if (input.HasErrors)
        {
            return input.Problem();
        }

        var testMode = body.TestMode ?? false;
        var result = await ScopedBulkCommands.StartAllAsync(coordinator, ClientScope.Of(user), options.Value.TestClientId, backfill, testMode, cancellationToken);
        if (result.Outcome is BackfillCommandOutcome.NotFound or BackfillCommandOutcome.Invalid)
        {
            return CommandResults.Refusal(result.Outcome, result.Message, null);
        }

        var parameters = BackfillParameters.From(backfill, testMode);
        return TypedResults.Json(
            new StartAllResponse(
                result.Started.Count > 0 ? "started" : "nothing_started",
                [.. result.Started.Select(s => new ClientRef(s.ClientId.Value, s.ClientName))],
                [.. result.SkippedBusy.Select(s => new ClientRef(s.ClientId.Value, s.ClientName))],
                parameters.Years, parameters.Days, parameters.IncludeOrders, testMode, result.Message),
            statusCode: StatusCodes.Status202Accepted);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Ok<StatusListResponse> GetStatuses(ClaimsPrincipal user, IBackfillCoordinator coordinator)
    {
        var statuses = ClientScope.Of(user).Filter(coordinator.Board).Statuses;
        // Running first, then what needs attention, then what is done, then what never ran.
        var ordered = statuses.OrderBy(s => s.State switch
        {
            BackfillState.InProgress or BackfillState.WaitingRateLimit => 0,
            BackfillState.Queued => 1,
            BackfillState.Failed => 2,
            BackfillState.Cancelled => 3,
            BackfillState.Completed => 4,
            _ => 5,
        }).ThenBy(s => s.ClientId.Value, StringComparer.Ordinal);
        return TypedResults.Ok(new StatusListResponse(
            statuses.Count,
            statuses.Count(s => s.State is BackfillState.InProgress or BackfillState.WaitingRateLimit),
            statuses.Count(s => s.State == BackfillState.Queued),
            statuses.Count(s => s.State == BackfillState.Completed),
            statuses.Count(s => s.State == BackfillState.Failed),
            statuses.Count(s => s.State == BackfillState.Cancelled),
            statuses.Count(s => s.State == BackfillState.NotStarted),
            [.. ordered.Select(StatusResponse.From)]));
    }

    private static IResult GetStatus(string client_id, IBackfillCoordinator coordinator)
    {
        var input = new ApiInput();
        var id = input.ClientId(client_id);
        if (input.HasErrors)
        {
            return input.Problem();
        }

        return coordinator.Board.Find(id) is { } status
            ? TypedResults.Ok(StatusResponse.From(status))
            : CommandResults.UnknownClient(id);
    }

    private static async Task<IResult> GetSummaryAsync(string client_id, BackfillDataQueries queries, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var id = input.ClientId(client_id);
        if (input.HasErrors)
        {
            return input.Problem();
        }

        return await queries.GetSummaryAsync(id, cancellationToken) is { } summary
            ? TypedResults.Ok(SummaryResponse.From(summary))
            : CommandResults.UnknownClient(id);
    }

    private static async Task<IResult> GetOrdersAsync(
        string client_id, HttpRequest request, BackfillDataQueries queries, ClientRegistry clients, TimeProvider time, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var id = input.ClientId(client_id);
        var date = OrderDate(request, input, time);
        var limit = input.Integer(input.Query(request, "limit"), "limit", 1, BackfillDataQueries.MaxPageSize) ?? 100;
        var token = input.Query(request, "page_token");
        if (token is { Length: > 512 })
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

        try
        {
            return TypedResults.Ok(OrdersResponse.From(await queries.GetOrdersAsync(id, date, limit, token, cancellationToken)));
        }
        catch (InvalidPageTokenException e)
        {
            input.Fail("page_token", e.Message.Split(" (Parameter", 2)[0]);
            return input.Problem();
        }
    }

    private static async Task<IResult> ExportOrdersAsync(
        string client_id, HttpRequest request, OrdersCsvExport export, ClientRegistry clients, TimeProvider time, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var id = input.ClientId(client_id);
        var date = OrderDate(request, input, time);
        if (input.HasErrors)
        {
            return input.Problem();
        }

        if (await clients.GetAsync(id, cancellationToken) is null)
        {
            return CommandResults.UnknownClient(id);
        }

        var name = date is { } day ? $"{id.Value}-orders-{day:yyyy-MM-dd}.csv" : $"{id.Value}-orders.csv";
        return Results.Stream(
            async body =>
            {
                await using var writer = new StreamWriter(body, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
                await export.WriteAsync(id, date, writer, cancellationToken);
            },
            "text/csv; charset=utf-8",
            name);
    }

    internal static async Task<IResult> CommandAsync(string clientId, Func<ClientId, Task<BackfillCommandResult>> command)
    {
        var input = new ApiInput();
        var id = input.ClientId(clientId);
        return input.HasErrors ? input.Problem() : CommandResults.Command(await command(id));
    }

    /// <summary>
    /// The optional <c>date</c> of the order routes. Up to tomorrow (UTC): that covers every timezone's yesterday and
    /// today; later days cannot have orders yet.
    /// </summary>
    private static DateOnly? OrderDate(HttpRequest request, ApiInput input, TimeProvider time) =>
        input.Date(input.Query(request, "date"), "date", DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(1));
}

/// <summary>The start-all body. Unknown fields are ignored; known fields must have the right JSON type.</summary>
internal sealed record StartAllRequest(int? Years, int? Days, bool? IncludeOrders, bool? TestMode)
{
    /// <summary>The body (no body means every default), or the answer that refuses it.</summary>
    public static async Task<(StartAllRequest? Body, IResult? Refusal)> ReadAsync(HttpRequest request, ApiInput input, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0)
        {
            return (new StartAllRequest(null, null, null, null), null);
        }

        var (document, refusal) = await JsonBody.ReadObjectAsync(request, input, cancellationToken);
        if (document is null)
        {
            return (null, refusal);
        }

        using (document)
        {
            var root = document.RootElement;
            var result = new StartAllRequest(
                JsonBody.Integer(root, "years", input), JsonBody.Integer(root, "days", input),
                JsonBody.Boolean(root, "include_orders", input), JsonBody.Boolean(root, "test_mode", input));
            return input.HasErrors ? (null, input.Problem()) : (result, null);
        }
    }
}
