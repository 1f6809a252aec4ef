using System.Globalization;

namespace Backfill.Web.Components.Manager;

/// <summary>How the schedule editor writes times: the account's local time with its zone's offset, and UTC, invariant culture.</summary>
internal static class ScheduleFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"Mon 2026-12-07 03:17 (UTC-08:00)".</summary>
    public static string Local(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return string.Create(Invariant, $"{local:ddd yyyy-MM-dd HH:mm} (UTC{sign}{offset.Duration():hh\\:mm})");
    }

    /// <summary>"11:17 UTC" style with the date: "2026-12-07 11:17 UTC"; a dash for none.</summary>
    public static string Utc(DateTimeOffset? instant) =>
        instant is { } at ? string.Create(Invariant, $"{at.UtcDateTime:yyyy-MM-dd HH:mm} UTC") : "—";

    /// <summary>"17 min 04 s", "0 s".</summary>
    public static string Duration(TimeSpan span) =>
        span < TimeSpan.FromMinutes(1)
            ? string.Create(Invariant, $"{(int)span.TotalSeconds} s")
            : string.Create(Invariant, $"{(int)span.TotalMinutes} min {span.Seconds:00} s");
}
