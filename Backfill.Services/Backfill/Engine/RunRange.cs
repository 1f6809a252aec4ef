using Backfill.Services.Backfill.Coverage;

namespace Backfill.Services.Backfill.Engine;

/// <summary>The days a run covers, decided once when it first starts (a resumed run keeps them).</summary>
internal static class RunRange
{
    /// <summary>
    /// Backfills end yesterday. A refresh starts <c>lookback</c> days before the end of coverage (the end of the kind
    /// that ends first), or covers its lookback ending yesterday for a client never copied, and ends yesterday or,
    /// with <c>include_today</c>, today.
    /// </summary>
    public static (DateOnly Start, DateOnly End) For(BackfillParameters parameters, ClientCoverage coverage, DateOnly yesterday, int defaultLookbackDays)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(coverage);
        if (parameters is { Kind: RunKind.Resync, Dates: { Count: > 0 } dates })
        {
            return (dates.Min(), dates.Max());
        }

        if (parameters.Kind != RunKind.Refresh)
        {
            return parameters.ToRequest().RangeEndingAt(yesterday);
        }

        var lookback = parameters.LookbackDays ?? defaultLookbackDays;
        var end = coverage.CommonEnd is { } covered && covered < yesterday ? covered : yesterday;
        return (end.AddDays(1 - lookback), parameters.IncludeToday ? yesterday.AddDays(1) : yesterday);
    }

    /// <summary>
    /// The days of the range a run writes: every day for a backfill or refresh, only the asked-for dates for a re-sync,
    /// up to <paramref name="lastWholeDay"/> (a partial today is never covered nor validated).
    /// </summary>
    public static DayRanges Days(BackfillParameters parameters, DateOnly rangeStart, DateOnly lastWholeDay)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.Kind == RunKind.Resync && parameters.Dates is { } dates
            ? DayRanges.Of(dates.Where(d => d <= lastWholeDay).Select(d => new DaySpan(d, d)))
            : DayRanges.Empty.Add(rangeStart, lastWholeDay);
    }
}
