using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Coverage;
using Backfill.Services.Backfill.Engine;

namespace Backfill.Services.Quota;

/// <summary>
/// How many reporting calls a run still needs, worked out before it starts from what the engine will ask for: one
/// campaign-values and one flow-values report per 365-day window of the totals' coverage, and one flow-series report
/// per 60-day window of the days still to write. One page per report is assumed (Klaviyo pages reports rarely).
/// </summary>
internal static class ReportingCallPlan
{
    public static int Estimate(BackfillStatus status, DateTimeOffset now, int defaultLookbackDays)
    {
        ArgumentNullException.ThrowIfNull(status);

        // Before the first attempt the account's timezone is unknown; UTC is at most a day off, which moves no window.
        var timeZone = status.TimeZone is { } id ? TryFindTimeZone(id) : TimeZoneInfo.Utc;
        var yesterday = DayRange.Yesterday(now, timeZone);
        var (rangeStart, rangeEnd) = status.RangeStart is { } start && status.RangeEnd is { } end
            ? (start, end)
            : RunRange.For(status.Parameters, status.Coverage, yesterday, defaultLookbackDays);
        if (rangeEnd < rangeStart)
        {
            return 0;
        }

        var resumeFrom = status.LastCompletedDate is { } checkpoint && checkpoint >= rangeStart ? checkpoint.AddDays(1) : rangeStart;
        var series = 0;
        foreach (var span in RunRange.Days(status.Parameters, rangeStart, rangeEnd).Where(s => s.Last >= resumeFrom))
        {
            var first = resumeFrom > span.First ? resumeFrom : span.First;
            series += Windows(first, span.Last, FlowDailyStatistics.MaxWindowDays);
        }

        var lastWholeDay = rangeEnd < yesterday ? rangeEnd : yesterday;
        var totalsCoverage = lastWholeDay < rangeStart ? status.Coverage.DailyStatistics : status.Coverage.DailyStatistics.Add(rangeStart, lastWholeDay);
        var values = totalsCoverage.Sum(s => Windows(s.First, s.Last, RangeTotals.MaxWindowDays));
        return series + (2 * values);
    }

    private static int Windows(DateOnly first, DateOnly last, int maxDays) =>
        last < first ? 0 : ((last.DayNumber - first.DayNumber) / maxDays) + 1;

    private static TimeZoneInfo TryFindTimeZone(string id)
    {
        try
        {
            return DayRange.FindTimeZone(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
