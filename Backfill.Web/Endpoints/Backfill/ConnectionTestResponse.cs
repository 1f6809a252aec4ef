using System.Text.Json;
using Backfill.Services.Clients.Onboarding;

namespace Backfill.Web.Endpoints.Backfill;

/// <summary>The answer of <c>POST /api/clients/test</c>: what was found, and the failure (snake_case) when it failed.</summary>
internal sealed record ConnectionTestResponse(
    bool Passed,
    string? Failure,
    string Message,
    string KeySource,
    string? MissingScope,
    string? AccountId,
    string? AccountName,
    string? TimeZone,
    string? Currency,
    MetricResponse? PlacedOrderMetric,
    IReadOnlyList<MetricResponse> PlacedOrderMetrics,
    int? Campaigns,
    int? Flows,
    string ReportingBudgetLeftToday)
{
    public static ConnectionTestResponse From(ConnectionTestResult r) => new(
        r.Passed, r.Failure is { } f ? JsonNamingPolicy.SnakeCaseLower.ConvertName(f.ToString()) : null, r.Message, r.KeySource, r.MissingScope,
        r.AccountId, r.AccountName, r.TimeZone, r.Currency, r.PlacedOrderMetric is { } m ? MetricResponse.From(m) : null,
        [.. (r.PlacedOrderMetrics ?? []).Select(MetricResponse.From)], r.Campaigns, r.Flows, r.ReportingBudgetLeftToday);
}

internal sealed record MetricResponse(string Id, string Name, string? Integration)
{
    public static MetricResponse From(PlacedOrderCandidate c) => new(c.Id, c.Name, c.Integration);
}
