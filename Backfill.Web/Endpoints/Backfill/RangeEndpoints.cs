using Backfill.Services.Backfill.Data.Ranges;
using Backfill.Services.Storage;
using Backfill.Web.Security;

namespace Backfill.Web.Endpoints.Backfill;

/// <summary><c>/api/backfill/data/{client_id}/range</c>: the data viewer's numbers for any range, from the daily rollups.</summary>
public static class RangeEndpoints
{
    public static IEndpointRouteBuilder MapRangeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/backfill").WithTags("Backfill")
            .RequireAuthorization(BackfillPolicies.View)
            .RequireRateLimiting(ApiRateLimits.PerCaller)
            .RequireClientScope();

        // GET /api/backfill/data/{client_id}/range?from=2026-11-01&to=2026-11-30
        api.MapGet("/data/{client_id}/range", GetRangeAsync).WithName("GetBackfillRange")
            .WithSummary("Totals, the previous period, the same days a year earlier and the breakdowns of a range of days");
        return app;
    }

    private static async Task<IResult> GetRangeAsync(
        string client_id, HttpRequest request, RangeQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var id = input.ClientId(client_id);
        var latest = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(1);
        var from = input.Date(input.Query(request, "from"), "from", latest);
        var to = input.Date(input.Query(request, "to"), "to", latest);
        if (from is { } f && to is { } t)
        {
            if (f > t)
            {
                input.Fail("from", "from must not be after to");
            }
            else if (new DayRange(f, t).Days > DayRange.MaxDays)
            {
                input.Fail("to", $"a range holds at most {DayRange.MaxDays} days");
            }
        }

        if (input.HasErrors)
        {
            return input.Problem();
        }

        return await queries.GetAsync(id, from, to, cancellationToken) is { } report
            ? TypedResults.Ok(RangeResponse.Of(id, report))
            : CommandResults.UnknownClient(id);
    }
}

/// <summary>The range answer (snake_case on the wire); money in <c>currency</c>, gross and net.</summary>
internal sealed record RangeResponse(
    string ClientId, string Currency, DateOnly From, DateOnly To, PeriodBody Totals, PeriodBody? PreviousPeriod, PeriodBody? YearEarlier,
    IReadOnlyDictionary<string, IReadOnlyList<BreakdownRowBody>> Breakdowns)
{
    public static RangeResponse Of(ClientId id, RangeReport report) => new(
        id.Value, report.Currency, report.Range.From, report.Range.To,
        PeriodBody.Of(report.Totals), report.Previous is { } p ? PeriodBody.Of(p) : null, report.YearEarlier is { } y ? PeriodBody.Of(y) : null,
        report.Breakdowns.ToDictionary(
            b => b.Key,
            b => (IReadOnlyList<BreakdownRowBody>)[
                .. b.Value.Top.Select(e => new BreakdownRowBody(e.Key, e.Name, e.Revenue, e.Orders)),
                new BreakdownRowBody("other", "Other", b.Value.OtherRevenue, b.Value.OtherOrders)],
            StringComparer.Ordinal));
}

internal sealed record PeriodBody(
    DateOnly From, DateOnly To, long Orders, decimal TotalRevenue, decimal RefundedRevenue, decimal NetRevenue,
    decimal AverageOrderValue, decimal NetAverageOrderValue, int DaysWithOrders, int DaysWritten)
{
    public static PeriodBody Of(PeriodTotals t) => new(
        t.Range.From, t.Range.To, t.Orders, t.Revenue, t.RefundedRevenue, t.NetRevenue, t.AverageOrderValue, t.NetAverageOrderValue, t.DaysWithOrders, t.DaysWritten);
}

internal sealed record BreakdownRowBody(string Key, string Name, decimal Revenue, long Orders);
