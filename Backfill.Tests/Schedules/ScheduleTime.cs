using System.Globalization;

namespace Backfill.Tests.Schedules;

/// <summary>Instants written as ISO 8601 in the tests.</summary>
internal static class ScheduleTime
{
    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);
}
