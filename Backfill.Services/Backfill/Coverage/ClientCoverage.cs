namespace Backfill.Services.Backfill.Coverage;

/// <summary>
/// What a client's copy covers, per kind of data: orders (order documents and the order figures of the rollups),
/// campaign and flow daily statistics, and the campaign and flow totals (their <c>statistics_range</c>). Persisted
/// with the status; only Clear data shrinks it.
/// </summary>
public sealed record ClientCoverage
{
    public static ClientCoverage None { get; } = new();

    public DayRanges Orders { get; init; } = DayRanges.Empty;

    public DayRanges DailyStatistics { get; init; } = DayRanges.Empty;

    public DayRanges Totals { get; init; } = DayRanges.Empty;

    public bool IsEmpty => Orders.IsEmpty && DailyStatistics.IsEmpty && Totals.IsEmpty;

    /// <summary>Every day some kind covers: what the summary's date range spans.</summary>
    public DayRanges Any => Orders.Union(DailyStatistics).Union(Totals);

    /// <summary>The last day of the kind that ends first (kinds with no coverage aside): where a refresh looks back from.</summary>
    public DateOnly? CommonEnd
    {
        get
        {
            var ends = new[] { Orders, DailyStatistics, Totals }.Where(r => !r.IsEmpty).Select(r => r.Last!.Value).ToList();
            return ends.Count == 0 ? null : ends.Min();
        }
    }
}
