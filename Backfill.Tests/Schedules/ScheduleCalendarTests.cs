using Backfill.Services.Schedules;

namespace Backfill.Tests.Schedules;

/// <summary>The schedule maths in the account's timezone, on DST days, and after downtime.</summary>
public sealed class ScheduleCalendarTests
{
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static TheoryData<string, string, string, string[]> DstDays => new()
    {
        // Los Angeles, 2026-03-08: 02:00 PST jumps to 03:00 PDT, so 02:00–03:00 does not exist; 03:00 is 10:00 UTC.
        { "America/Los_Angeles", "0 3 * * *", "2026-03-07T12:00:00Z", ["2026-03-08T10:00:00Z", "2026-03-09T10:00:00Z"] },
        // A time inside the gap runs once, at the jump (03:00 PDT).
        { "America/Los_Angeles", "30 2 * * *", "2026-03-07T12:00:00Z", ["2026-03-08T10:00:00Z", "2026-03-09T09:30:00Z"] },
        // Los Angeles, 2026-11-01: 01:00–02:00 happens twice; 03:00 (PST, 11:00 UTC) once; 01:30 runs once, on the first pass.
        { "America/Los_Angeles", "0 3 * * *", "2026-10-31T12:00:00Z", ["2026-11-01T11:00:00Z", "2026-11-02T11:00:00Z"] },
        { "America/Los_Angeles", "30 1 * * *", "2026-10-31T12:00:00Z", ["2026-11-01T08:30:00Z", "2026-11-02T09:30:00Z"] },
        // Berlin, 2026-03-29: 02:00 CET jumps to 03:00 CEST; 03:00 CEST is 01:00 UTC.
        { "Europe/Berlin", "0 3 * * *", "2026-03-28T12:00:00Z", ["2026-03-29T01:00:00Z", "2026-03-30T01:00:00Z"] },
        { "Europe/Berlin", "30 2 * * *", "2026-03-28T12:00:00Z", ["2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"] },
        // Berlin, 2026-10-25: 03:00 CEST falls back to 02:00 CET, so 02:00–03:00 happens twice; 03:00 (CET) is 02:00 UTC, once.
        { "Europe/Berlin", "0 3 * * *", "2026-10-24T12:00:00Z", ["2026-10-25T02:00:00Z", "2026-10-26T02:00:00Z"] },
        // 02:30 exists twice that night and runs once, on the first (CEST) pass.
        { "Europe/Berlin", "30 2 * * *", "2026-10-24T12:00:00Z", ["2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"] },
    };

    [Theory]
    [MemberData(nameof(DstDays))]
    public void NextStarts_OnDstDays_RunOnceAtTheLocalTime(string zone, string cron, string after, string[] expected)
    {
        var starts = ScheduleCalendar.NextStarts(ScheduleCron.Parse(cron), TimeZoneInfo.FindSystemTimeZoneById(zone), TimeSpan.Zero, ScheduleTime.At(after), 2);

        Assert.Equal(expected.Select(e => ScheduleTime.At(e)), starts);
    }

    [Theory]
    [MemberData(nameof(DstDays))]
    public void LatestDue_StepThroughDstDayMinuteByMinute_EachSlotDueExactlyOnce(string zone, string cron, string after, string[] expected)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var expression = ScheduleCron.Parse(cron);
        var start = ScheduleTime.At(after);
        DateTimeOffset? last = null;
        var ran = new List<DateTimeOffset>();

        for (var now = start; now <= ScheduleTime.At(expected[^1]).AddMinutes(5); now = now.AddMinutes(1))
        {
            if (ScheduleCalendar.LatestDue(expression, tz, TimeSpan.Zero, last, start, now) is { } due)
            {
                Assert.Equal(due, now);
                ran.Add(due);
                last = due;
            }
        }

        Assert.Equal(expected.Select(e => ScheduleTime.At(e)), ran);
    }

    [Fact]
    public void LatestDue_AfterThreeMissedDays_IsOnlyTheLatestSlot_ThenNothingUntilTheNext()
    {
        var cron = ScheduleCron.Parse("0 3 * * *");
        var lastRan = ScheduleTime.At("2026-06-01T10:00:00Z");
        var backAt = ScheduleTime.At("2026-06-04T15:00:00Z");

        var due = ScheduleCalendar.LatestDue(cron, LosAngeles, TimeSpan.Zero, lastRan, lastRan, backAt);
        var again = ScheduleCalendar.LatestDue(cron, LosAngeles, TimeSpan.Zero, due, lastRan, backAt.AddHours(1));

        Assert.Equal(ScheduleTime.At("2026-06-04T10:00:00Z"), due);
        Assert.Null(again);
    }

    [Fact]
    public void LatestDue_WithStagger_IsDueOnlyOnceTheOffsetHasPassed()
    {
        var cron = ScheduleCron.Parse("0 3 * * *");
        var offset = TimeSpan.FromMinutes(17);
        var since = ScheduleTime.At("2026-06-01T00:00:00Z");

        Assert.Null(ScheduleCalendar.LatestDue(cron, Berlin, offset, null, since, ScheduleTime.At("2026-06-01T01:16:59Z")));
        Assert.Equal(ScheduleTime.At("2026-06-01T01:00:00Z"), ScheduleCalendar.LatestDue(cron, Berlin, offset, null, since, ScheduleTime.At("2026-06-01T01:17:00Z")));
    }

    [Fact]
    public void LatestDue_SlotsBeforeNotBefore_AreNeverCaughtUp()
    {
        var cron = ScheduleCron.Parse("0 3 * * *");

        var due = ScheduleCalendar.LatestDue(cron, Berlin, TimeSpan.Zero, null, ScheduleTime.At("2026-06-01T01:00:01Z"), ScheduleTime.At("2026-06-01T23:00:00Z"));

        Assert.Null(due);
    }

    [Fact]
    public void LatestDue_EveryMinuteAfterAYearDown_IsTheLastMinute()
    {
        var cron = ScheduleCron.Parse("* * * * *");
        var since = ScheduleTime.At("2025-06-01T00:00:00Z");
        var now = ScheduleTime.At("2026-06-01T12:34:56Z");

        Assert.Equal(ScheduleTime.At("2026-06-01T12:34:00Z"), ScheduleCalendar.LatestDue(cron, TimeZoneInfo.Utc, TimeSpan.Zero, since, since, now));
    }

    [Theory]
    [InlineData("0 3 * * *")]
    [InlineData("  0   3 * * 1-5 ")]
    [InlineData("*/15 * * * *")]
    [InlineData("0 3 1 * *")]
    public void TryParse_FiveFields_IsAccepted(string cron) =>
        Assert.True(ScheduleCron.TryParse(cron, out _, out _));

    [Theory]
    [InlineData(null, "required")]
    [InlineData("0 3 * *", "five fields")]
    [InlineData("0 0 3 * * *", "five fields")]
    [InlineData("0 25 * * *", "not a valid expression")]
    [InlineData("@daily", "five fields")]
    [InlineData("0 3 * * *\n", "one line")]
    public void TryParse_Refused_SaysWhy(string? cron, string reason)
    {
        Assert.False(ScheduleCron.TryParse(cron, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
