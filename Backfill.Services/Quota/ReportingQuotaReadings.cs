using System.Collections.Concurrent;
using Backfill.Services.Storage;
using Backfill.Services.Telemetry;

namespace Backfill.Services.Quota;

/// <summary>
/// The ledger's last reading of each client's day, for the <c>backfill_reporting_budget_used</c> gauge: a scrape must
/// not read the store, so it reports what this process last counted or read (other instances' calls show once this
/// one reads the day again). A reading of an earlier UTC day is dropped, so the gauge starts each day at nothing.
/// </summary>
public sealed class ReportingQuotaReadings(TimeProvider timeProvider) : IReportingBudgetSource
{
    /// <summary>All reporting endpoints share one budget, so they are one series.</summary>
    public const string Endpoint = "reporting";

    private readonly ConcurrentDictionary<ClientId, ReportingQuotaDay> _days = new();

    public void Observe(ReportingQuotaDay day)
    {
        ArgumentNullException.ThrowIfNull(day);
        _days[day.ClientId] = day;
    }

    public IEnumerable<ReportingBudgetReading> Read()
    {
        var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        return _days.Values
            .Where(d => d.Date == today)
            .Select(d => new ReportingBudgetReading(d.ClientId.Value, Endpoint, d.ShownUsed, d.Budget))
            .ToList();
    }
}
