using Backfill.Services.Backfill.Documents;

namespace Backfill.Services.Backfill.Data.Ranges;

/// <summary>
/// What the viewer and <c>GET /api/backfill/data/{client_id}/range</c> show for a range: its totals, the previous
/// period of equal length and the same days a year earlier (each only when the copy covers all of it), and the
/// breakdowns. Built from the daily rollups alone, so any range costs one read of the rollups.
/// </summary>
public sealed record RangeReport(
    string Currency,
    PeriodTotals Totals,
    PeriodTotals? Previous,
    PeriodTotals? YearEarlier,
    IReadOnlyDictionary<string, RangeBreakdown> Breakdowns)
{
    public DayRange Range => Totals.Range;

    public static RangeReport Build(DayRange range, IReadOnlyList<DailyRollup> rollups, string currency, DateOnly? coverageFirst, DateOnly? coverageLast)
    {
        ArgumentNullException.ThrowIfNull(rollups);
        var previous = range.Previous();
        var yearEarlier = range.YearEarlier();
        return new RangeReport(
            currency,
            PeriodTotals.Of(range, rollups, currency),
            previous.CoveredBy(coverageFirst, coverageLast) ? PeriodTotals.Of(previous, rollups, currency) : null,
            yearEarlier.CoveredBy(coverageFirst, coverageLast) ? PeriodTotals.Of(yearEarlier, rollups, currency) : null,
            DayBreakdown.AllDimensions.ToDictionary(d => d, d => RangeBreakdown.Of(d, range, rollups), StringComparer.Ordinal));
    }
}
