namespace Backfill.Services.Clients.Onboarding;

/// <summary>One "Placed Order" metric of the account, so the operator can choose when there are several.</summary>
public sealed record PlacedOrderCandidate(string Id, string Name, string? Integration);

/// <summary>
/// What a connection test found: everything it could read before it stopped, and why it stopped when it did. Never
/// holds the key.
/// </summary>
/// <param name="KeySource"><c>sandbox</c>, <c>secret_manager</c> (which may fall back to configuration) or <c>configuration</c>.</param>
/// <param name="PlacedOrderMetric">The metric a backfill would use (the configured one, else Shopify's, else the first).</param>
/// <param name="PlacedOrderMetrics">Every "Placed Order" metric; more than one means the operator should choose.</param>
/// <param name="ReportingBudgetLeftToday">Reporting API calls left today, or "unknown" when no ledger counts them.</param>
public sealed record ConnectionTestResult(
    bool Passed,
    ConnectionFailure? Failure,
    string Message,
    string KeySource,
    string? MissingScope = null,
    string? AccountId = null,
    string? AccountName = null,
    string? TimeZone = null,
    string? Currency = null,
    PlacedOrderCandidate? PlacedOrderMetric = null,
    IReadOnlyList<PlacedOrderCandidate>? PlacedOrderMetrics = null,
    int? Campaigns = null,
    int? Flows = null,
    string ReportingBudgetLeftToday = ConnectionTestResult.UnknownBudget)
{
    public const string UnknownBudget = "unknown";

    /// <summary>Several "Placed Order" metrics and none chosen: the test passes, but the operator should pick one.</summary>
    public bool NeedsMetricChoice => PlacedOrderMetrics is { Count: > 1 };
}
