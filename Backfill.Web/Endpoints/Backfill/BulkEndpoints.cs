using System.Text.Json;
using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Bulk;
using Backfill.Services.Storage;
using Backfill.Web.Security;

namespace Backfill.Web.Endpoints.Backfill;

/// <summary><c>POST /api/backfill/bulk</c>: one action on many clients, answered client by client.</summary>
public static class BulkEndpoints
{
    /// <summary>Room for <see cref="BulkActions.MaxClients"/> ids of the longest allowed length.</summary>
    private const long MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapBulkApi(this IEndpointRouteBuilder app)
    {
        // POST /api/backfill/bulk {"action":"retry","clients":["acme","globex"]}
        app.MapGroup("/api/backfill").WithTags("Backfill")
            .RequireAuthorization(BackfillPolicies.View)
            .RequireRateLimiting(ApiRateLimits.PerCaller)
            .MapPost("/bulk", BulkAsync).WithName("BulkCommand")
            .WithSummary("Start, refresh, cancel, retry or validate many clients; each client is answered with what happened")
            .RequireAuthorization(BackfillPolicies.Operate)
            .Accepts<BulkBody>("application/json");
        return app;
    }

    private static async Task<IResult> BulkAsync(HttpRequest request, BulkCommands bulk, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var (document, refusal) = await JsonBody.ReadObjectAsync(request, input, MaxBodyBytes, cancellationToken);
        if (document is null)
        {
            return refusal!;
        }

        BulkAction? action;
        List<ClientId> clients;
        BackfillRequest start;
        RefreshRequest refresh;
        using (document)
        {
            var root = document.RootElement;
            var wire = JsonBody.String(root, "action", input);
            action = wire is null ? null : input.Choice(wire, "action", BulkActions.ByWire);
            if (wire is null && !input.Errors.ContainsKey("action"))
            {
                input.Fail("action", $"action is required: one of {string.Join(", ", BulkActions.ByWire.Keys)}");
            }

            clients = ReadClients(root, input);
            start = new BackfillRequest(JsonBody.Integer(root, "years", input), JsonBody.Integer(root, "days", input), JsonBody.Boolean(root, "include_orders", input) ?? true);
            refresh = new RefreshRequest(JsonBody.Integer(root, "lookback_days", input), JsonBody.Boolean(root, "include_today", input) ?? false);
        }

        input.AddAll(start.Validate());
        input.AddAll(refresh.Validate());
        if (input.HasErrors)
        {
            return input.Problem();
        }

        var result = await ScopedBulk.RunAsync(
            ClientScope.Of(request.HttpContext.User), action!.Value, clients, allowed => bulk.RunAsync(action.Value, allowed, start, refresh, cancellationToken));
        return TypedResults.Ok(BulkResponse.From(result));
    }

    /// <summary>The client ids: a non-empty array of distinct valid ids; each bad one named by its index.</summary>
    private static List<ClientId> ReadClients(JsonElement root, ApiInput input)
    {
        var clients = new List<ClientId>();
        if (!root.TryGetProperty("clients", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            input.Fail("clients", "clients must be an array of client ids");
            return clients;
        }

        var count = array.GetArrayLength();
        if (count is 0 or > BulkActions.MaxClients)
        {
            input.Fail("clients", $"clients must list from 1 to {BulkActions.MaxClients} client ids");
            return clients;
        }

        var seen = new HashSet<ClientId>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var field = $"clients[{index++}]";
            if (element.ValueKind != JsonValueKind.String)
            {
                input.Fail(field, $"{field} must be a string");
                continue;
            }

            string? text;
            try
            {
                text = element.GetString();
            }
            catch (InvalidOperationException)
            {
                input.Fail(field, $"{field} must be valid Unicode text");
                continue;
            }

            var id = input.ClientId(text, field);
            if (input.Errors.ContainsKey(field))
            {
                continue;
            }

            if (!seen.Add(id))
            {
                input.Fail(field, $"{field} repeats '{id.Value}'");
                continue;
            }

            clients.Add(id);
        }

        return clients;
    }
}

/// <summary>The body of <c>POST /api/backfill/bulk</c>, for the OpenAPI document (start and refresh options apply to those actions only).</summary>
internal sealed record BulkBody(string Action, IReadOnlyList<string> Clients, int? Years, int? Days, bool? IncludeOrders, int? LookbackDays, bool? IncludeToday);
