using Cronos;

namespace Backfill.Services.Schedules;

/// <summary>
/// The schedule maths, free of clocks and stores. A schedule time (a "slot") is a cron occurrence in the account's
/// timezone (Cronos handles DST: a time that does not exist runs at the jump, a time that exists twice runs once);
/// a client starts its slot at slot + its stagger offset.
/// </summary>
public static class ScheduleCalendar
{
    // Search windows for the latest slot at or before a time, smallest first, so an every-minute schedule after a long
    // downtime looks at an hour of slots, not a month of them.
    private static readonly TimeSpan[] Windows =
        [TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(8), TimeSpan.FromDays(32), TimeSpan.FromDays(367), TimeSpan.FromDays(3700)];

    /// <summary>
    /// The latest slot that is due at <paramref name="now"/> and not yet handled: after <paramref name="lastSlot"/>,
    /// starting after <paramref name="notBefore"/>, and starting (slot + offset) at or before now. Null when none. Only
    /// the latest is returned: slots missed during downtime make one run, not a burst.
    /// </summary>
    public static DateTimeOffset? LatestDue(
        CronExpression cron, TimeZoneInfo zone, TimeSpan offset, DateTimeOffset? lastSlot, DateTimeOffset notBefore, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cron);
        var upper = (now - offset).UtcDateTime;
        var lowerFromStart = notBefore == DateTimeOffset.MinValue ? DateTime.MinValue : (notBefore - offset).UtcDateTime;
        var lower = lastSlot is { } last && last.UtcDateTime > lowerFromStart ? last.UtcDateTime : lowerFromStart;
        if (lower >= upper)
        {
            return null;
        }

        foreach (var window in Windows)
        {
            var from = upper - lower > window ? upper - window : lower;
            var latest = cron.GetOccurrences(DateTime.SpecifyKind(from, DateTimeKind.Utc), upper, zone, fromInclusive: false, toInclusive: true)
                .Select(o => (DateTime?)o).LastOrDefault();
            if (latest is { } found)
            {
                return new DateTimeOffset(found, TimeSpan.Zero);
            }

            if (from == lower)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The next <paramref name="count"/> start times (slot + offset) after <paramref name="after"/>, in UTC.</summary>
    public static IReadOnlyList<DateTimeOffset> NextStarts(CronExpression cron, TimeZoneInfo zone, TimeSpan offset, DateTimeOffset after, int count)
    {
        ArgumentNullException.ThrowIfNull(cron);
        var starts = new List<DateTimeOffset>(count);
        var from = (after - offset).UtcDateTime;
        while (starts.Count < count && cron.GetNextOccurrence(DateTime.SpecifyKind(from, DateTimeKind.Utc), zone, inclusive: false) is { } next)
        {
            starts.Add(new DateTimeOffset(next, TimeSpan.Zero) + offset);
            from = next;
        }

        return starts;
    }

    /// <summary>The IANA (or Windows) zone, or null when this machine does not know it.</summary>
    public static TimeZoneInfo? FindZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}
