namespace Backfill.Services.Backfill.Engine;

/// <summary>Account-local days and the wall-clock/UTC instants that bound them.</summary>
internal static class DayRange
{
    /// <summary>Local midnight starting <paramref name="day"/>, as a wall-clock time (what reporting timeframes take).</summary>
    public static DateTime WallClockStart(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);

    /// <summary>The UTC instant of local midnight starting <paramref name="day"/>; a skipped midnight (DST) moves to the next valid time.</summary>
    public static DateTimeOffset UtcStart(DateOnly day, TimeZoneInfo timeZone)
    {
        var local = WallClockStart(day);
        while (timeZone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, timeZone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, timeZone).DateTime);

    /// <summary>Yesterday in the account's timezone: the last day a backfill covers (today is still happening).</summary>
    public static DateOnly Yesterday(DateTimeOffset now, TimeZoneInfo timeZone) => LocalDate(now, timeZone).AddDays(-1);

    /// <summary>Consecutive windows of at most <paramref name="maxDays"/> days covering [first, last].</summary>
    public static IReadOnlyList<(DateOnly First, DateOnly Last)> Windows(DateOnly first, DateOnly last, int maxDays)
    {
        var windows = new List<(DateOnly, DateOnly)>();
        for (var start = first; start <= last; start = start.AddDays(maxDays))
        {
            var end = start.AddDays(maxDays - 1);
            windows.Add((start, end < last ? end : last));
        }

        return windows;
    }

    public static TimeZoneInfo FindTimeZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new BackfillException($"The Klaviyo account's timezone '{id}' is unknown on this machine.", e);
        }
    }
}

/// <summary>A backfill failure with a message fit for the status document and the dashboard.</summary>
public sealed class BackfillException(string message, Exception? innerException = null) : Exception(message, innerException);
