namespace Backfill.Services.Telemetry;

/// <summary>
/// Where the <c>backfill.reporting.budget.used</c> gauge reads how much of Klaviyo's daily reporting quota each client
/// has spent. Register one (the reporting ledger) and the gauge reports it; with none registered the gauge is empty.
/// </summary>
public interface IReportingBudgetSource
{
    /// <summary>The current readings; called on every scrape, so it must be cheap and must not block.</summary>
    IEnumerable<ReportingBudgetReading> Read();
}

/// <summary>Requests spent today on one reporting endpoint for one client, and that endpoint's daily limit.</summary>
public sealed record ReportingBudgetReading(string ClientId, string Endpoint, long Used, long? Limit);
