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
        if (parameters.Kind != RunKind.Refresh)
        {
            return parameters.ToRequest().RangeEndingAt(yesterday);
        }

        var lookback = parameters.LookbackDays ?? defaultLookbackDays;
        var end = coverage.CommonEnd is { } covered && covered < yesterday ? covered : yesterday;
        return (end.AddDays(1 - lookback), parameters.IncludeToday ? yesterday.AddDays(1) : yesterday);
    }
}
