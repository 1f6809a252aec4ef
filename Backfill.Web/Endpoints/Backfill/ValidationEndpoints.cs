using System.Globalization;
using System.Text.Json;
using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Data;
using Backfill.Services.Backfill.Validation;
using Backfill.Services.Clients;
using Backfill.Services.Storage;
using Backfill.Web.Security;

namespace Backfill.Web.Endpoints.Backfill;

/// <summary><c>/api/backfill/...</c>: validate the copy against Klaviyo, read what validation found, re-sync days.</summary>
public static class ValidationEndpoints
{
    /// <summary>Most dates one re-sync takes (a year and a day).</summary>
    public const int MaxResyncDates = 366;

    public static IEndpointRouteBuilder MapValidationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/backfill").WithTags("Backfill")
            .RequireAuthorization(BackfillPolicies.View)
            .RequireRateLimiting(ApiRateLimits.PerCaller)
            .RequireClientScope();

        // POST /api/backfill/validate/{client_id} — every covered day against Klaviyo's Placed Order aggregates
        api.MapPost("/validate/{client_id}", ValidateAsync).WithName("ValidateClient")
            .WithSummary("Compare every covered day's orders and revenue with Klaviyo's own aggregates")
            .RequireAuthorization(BackfillPolicies.Operate);

        // GET /api/backfill/validation/{client_id}
        api.MapGet("/validation/{client_id}", GetValidationAsync).WithName("GetValidation")
            .WithSummary("What the latest validation found: days checked and the days that differ, with both sides");

        // POST /api/backfill/resync/{client_id} {"dates":["2026-11-20"]} or {"mismatched":true}
        api.MapPost("/resync/{client_id}", ResyncAsync).WithName("ResyncDays")
            .WithSummary("Re-read exactly these days (or the mismatched ones), then validate them again")
            .RequireAuthorization(BackfillPolicies.Operate)
            .Accepts<ResyncBody>("application/json");
        return app;
    }

    private static async Task<IResult> ValidateAsync(string client_id, ValidationCommands validation, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var id = input.ClientId(client_id);
        if (input.HasErrors)
        {
            return input.Problem();
        }

        var (result, found) = await validation.ValidateAsync(id, cancellationToken);
        return result.Accepted
            ? TypedResults.Ok(ValidationResponse.From(id, found!))
            : CommandResults.Refusal(result.Outcome, result.Message, result.Errors);
    }

    private static async Task<IResult> GetValidationAsync(string client_id, ClientRegistry clients, BackfillDataQueries queries, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var id = input.ClientId(client_id);
        if (input.HasErrors)
        {
            return input.Problem();
        }

        return await clients.GetAsync(id, cancellationToken) is null
            ? CommandResults.UnknownClient(id)
            : TypedResults.Ok(ValidationResponse.From(id, await queries.GetValidationAsync(id, cancellationToken)));
    }

    private static async Task<IResult> ResyncAsync(
        string client_id, HttpRequest request, IBackfillCoordinator coordinator, BackfillDataQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var id = input.ClientId(client_id);
        var (document, refusal) = await JsonBody.ReadObjectAsync(request, input, cancellationToken);
        if (document is null)
        {
            return refusal!;
        }

        List<DateOnly>? dates;
        bool mismatched;
        using (document)
        {
            mismatched = JsonBody.Boolean(document.RootElement, "mismatched", input) ?? false;
            dates = ReadDates(document.RootElement, input, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        }

        if (dates is null == !mismatched)
        {
            input.Fail("dates", "give either dates or \"mismatched\": true");
        }

        if (input.HasErrors)
        {
            return input.Problem();
        }

        if (mismatched)
        {
            dates = [.. (await queries.GetValidationAsync(id, cancellationToken)).Mismatched.Select(d => d.Date)];
            if (dates.Count == 0)
            {
                return CommandResults.Refusal(BackfillCommandOutcome.Conflict, $"{id} has no mismatched days to re-sync.", null);
            }
        }

        var result = await coordinator.ResyncAsync(id, dates!, cancellationToken);
        return result.Accepted
            ? TypedResults.Accepted($"/api/backfill/status/{id.Value}", new CommandResponse("started", id.Value, result.Message, StatusResponse.From(result.Status!)))
            : CommandResults.Refusal(result.Outcome, result.Message, result.Errors);
    }

    /// <summary>The <c>dates</c> array: real calendar days, none after today (UTC), at most <see cref="MaxResyncDates"/>.</summary>
    private static List<DateOnly>? ReadDates(JsonElement root, ApiInput input, DateOnly today)
    {
        if (!root.TryGetProperty("dates", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() is 0 or > MaxResyncDates)
        {
            input.Fail("dates", $"dates must be an array of 1 to {MaxResyncDates} days written yyyy-MM-dd");
            return null;
        }

        var dates = new List<DateOnly>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String
                || !DateOnly.TryParseExact(item.GetString(), DataLayout.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                || date > today || date.Year < 1990)
            {
                input.Fail("dates", $"every date must be a real calendar day written yyyy-MM-dd, from 1990 to {DataLayout.FormatDate(today)}");
                return null;
            }

            dates.Add(date);
        }

        return dates;
    }
}

/// <summary>The re-sync body, for the OpenAPI document.</summary>
internal sealed record ResyncBody(IReadOnlyList<DateOnly>? Dates, bool? Mismatched);

/// <summary>What validation found: days checked, when, and each day that differs with both sides.</summary>
internal sealed record ValidationResponse(string ClientId, int CheckedDays, int MismatchedDays, DateTimeOffset? ValidatedAt, IReadOnlyList<MismatchedDayResponse> Mismatched)
{
    public static ValidationResponse From(ClientId id, ValidationSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new(id.Value, summary.CheckedDays, summary.Mismatched.Count, summary.ValidatedAt,
            [.. summary.Mismatched.Select(d => new MismatchedDayResponse(d.Date, d.StoredOrders, d.StoredRevenue, d.KlaviyoOrders, d.KlaviyoRevenue, d.ValidatedAt))]);
    }
}

/// <summary>One day whose copy differs from Klaviyo: the stored side and Klaviyo's side.</summary>
internal sealed record MismatchedDayResponse(
    DateOnly Date, long StoredOrders, IReadOnlyDictionary<string, decimal> StoredRevenue, long KlaviyoOrders, IReadOnlyDictionary<string, decimal> KlaviyoRevenue, DateTimeOffset ValidatedAt);
