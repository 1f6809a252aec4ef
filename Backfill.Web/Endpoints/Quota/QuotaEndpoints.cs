using System.Security.Claims;
using Backfill.Services.Quota;
using Backfill.Web.Security;

namespace Backfill.Web.Endpoints.Quota;

/// <summary><c>/api/quota</c>: each client's reporting calls today (UTC) against <c>Klaviyo:Reporting:DailyBudget</c>.</summary>
public static class QuotaEndpoints
{
    public static IEndpointRouteBuilder MapQuotaApi(this IEndpointRouteBuilder app)
    {
        // GET /api/quota
        app.MapGet("/api/quota", GetAsync)
            .WithTags("Quota")
            .WithName("GetReportingQuota")
            .WithSummary("Each client's Klaviyo reporting calls today (UTC) against the daily budget, and what its active run still needs")
            .RequireAuthorization(BackfillPolicies.View)
            .RequireRateLimiting(ApiRateLimits.PerCaller);
        return app;
    }

    private static async Task<IResult> GetAsync(
        ClaimsPrincipal user, ReportingQuotaReport report, ReportingQuotaLedger ledger, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var clients = ClientScope.Of(user).Filter(await report.GetAsync(cancellationToken), c => c.Day.ClientId);
        var now = timeProvider.GetUtcNow();
        return TypedResults.Ok(new QuotaResponse(
            DateOnly.FromDateTime(now.UtcDateTime),
            ledger.Budget,
            ReportingQuotaLedger.NextReset(now),
            [.. clients.Select(c => new ClientQuotaResponse(
                c.Day.ClientId.Value, c.Day.ShownUsed, c.Day.Budget, c.Day.Remaining, c.Day.Exhausted, c.RunNeeds))]));
    }
}

/// <param name="Date">The UTC day the counts are for.</param>
/// <param name="ResetsAt">The next 00:00 UTC, when every budget starts again.</param>
internal sealed record QuotaResponse(DateOnly Date, int Budget, DateTimeOffset ResetsAt, IReadOnlyList<ClientQuotaResponse> Clients);

/// <param name="Used">Reporting calls made today (the whole budget once Klaviyo's own daily cap answered 429).</param>
/// <param name="Exhausted">Klaviyo's daily cap answered 429 today.</param>
/// <param name="RunNeeds">Reporting calls the client's queued, running or waiting run still needs; null when idle.</param>
internal sealed record ClientQuotaResponse(string ClientId, long Used, int Budget, long Remaining, bool Exhausted, int? RunNeeds);
