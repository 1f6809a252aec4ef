using Backfill.Services.Klaviyo;
using Backfill.Services.Klaviyo.Client;

namespace Backfill.Tests.Klaviyo.Client;

/// <summary>
/// Report and aggregate labels in both styles Klaviyo's bucket starts come in: the spec's (local midnight written
/// <c>+00:00</c>) and local midnight with the local offset. Each row is a run of daily labels across a DST change.
/// Converting a label as an instant into the zone gets the <c>+00:00</c> rows west of UTC a day early; converting it
/// to UTC gets the local-offset rows east of UTC a day early. Only the label's own date is right for every row.
/// </summary>
public sealed class ReportDateLabelsTests
{
    public static IEnumerable<TheoryDataRow<DateOnly, string[]>> DailyLabels =>
    [
        Row("America/Los_Angeles spring forward, local offsets", new(2026, 3, 7),
            "2026-03-07T00:00:00-08:00", "2026-03-08T00:00:00-08:00", "2026-03-09T00:00:00-07:00", "2026-03-10T00:00:00-07:00"),
        Row("America/Los_Angeles spring forward, +00:00", new(2026, 3, 7),
            "2026-03-07T00:00:00+00:00", "2026-03-08T00:00:00+00:00", "2026-03-09T00:00:00+00:00", "2026-03-10T00:00:00+00:00"),
        Row("America/Los_Angeles fall back, local offsets", new(2026, 10, 31),
            "2026-10-31T00:00:00-07:00", "2026-11-01T00:00:00-07:00", "2026-11-02T00:00:00-08:00"),
        Row("America/Los_Angeles fall back, +00:00", new(2026, 10, 31),
            "2026-10-31T00:00:00+00:00", "2026-11-01T00:00:00+00:00", "2026-11-02T00:00:00+00:00"),
        Row("Pacific/Auckland leaving +13:00, local offsets", new(2026, 4, 4),
            "2026-04-04T00:00:00+13:00", "2026-04-05T00:00:00+13:00", "2026-04-06T00:00:00+12:00"),
        Row("Pacific/Auckland leaving +13:00, +00:00", new(2026, 4, 4),
            "2026-04-04T00:00:00+00:00", "2026-04-05T00:00:00+00:00", "2026-04-06T00:00:00+00:00"),
        Row("Pacific/Auckland entering +13:00, local offsets", new(2026, 9, 26),
            "2026-09-26T00:00:00+12:00", "2026-09-27T00:00:00+12:00", "2026-09-28T00:00:00+13:00"),
        Row("Pacific/Auckland entering +13:00, +00:00", new(2026, 9, 26),
            "2026-09-26T00:00:00+00:00", "2026-09-27T00:00:00+00:00", "2026-09-28T00:00:00+00:00"),
    ];

    private static TheoryDataRow<DateOnly, string[]> Row(string zoneAndStyle, DateOnly first, params string[] labels) =>
        new(first, labels) { TestDisplayName = zoneAndStyle };

    [Theory]
    [MemberData(nameof(DailyLabels))]
    public void Read_DailyLabelsOfEitherStyle_AreLocalMidnightsOfTheWindowsDays(DateOnly first, string[] labels)
    {
        var starts = ReportDateLabels.Read(labels, first, daily: true, "flow-series-reports");

        Assert.Equal(labels.Select((_, i) => first.AddDays(i).ToDateTime(TimeOnly.MinValue)), starts);
        Assert.All(starts, s => Assert.Equal(DateTimeKind.Unspecified, s.Kind));
    }

    [Theory]
    [MemberData(nameof(DailyLabels))]
    public void SeriesReport_DailyLabelsOfEitherStyle_PutEachValueOnItsLabelsDay(DateOnly first, string[] labels)
    {
        var merger = new SeriesMerger();
        var window = new KlaviyoTimeframe(first.ToDateTime(TimeOnly.MinValue), first.AddDays(labels.Length).ToDateTime(TimeOnly.MinValue));
        var values = string.Join(",", labels.Select((_, i) => first.AddDays(i).Day));
        var resource = System.Text.Encoding.UTF8.GetBytes($$"""
            {"type":"flow-series-report","id":"r","attributes":{"date_times":[{{string.Join(",", labels.Select(l => $"\"{l}\""))}}],
             "results":[{"groupings":{"flow_id":"F1"},"statistics":{"recipients":[{{values}}] } }] } }
            """);

        merger.Add(ReportAnswerReader.Read(resource, "date_times", "results", "statistics")!, window, KlaviyoSeriesInterval.Daily);
        var report = merger.ToReport();

        var row = Assert.Single(report.Results);
        Assert.Equal(labels.Length, report.BucketStarts.Count);
        Assert.All(Enumerable.Range(0, labels.Length), i => Assert.Equal((decimal)report.Day(i).Day, row.Statistics["recipients"][i]));
        Assert.Equal(first, report.Day(0));
    }

    [Theory]
    // Europe/Berlin's midnight of the 8th written as a UTC instant.
    [InlineData("2026-03-07T23:00:00+00:00")]
    // UTC midnight of the 8th converted into Los Angeles.
    [InlineData("2026-03-07T16:00:00-08:00")]
    // A day later than asked for.
    [InlineData("2026-03-09T00:00:00+00:00")]
    public void Read_FirstDailyLabelNotTheWindowsFirstDay_ThrowsNamingTheLabel(string label)
    {
        var error = Assert.Throws<KlaviyoReportDatesException>(() => ReportDateLabels.Read([label], new DateOnly(2026, 3, 8), daily: true, "metric-aggregates"));

        Assert.Equal(label, error.Label);
        Assert.Equal("metric-aggregates", error.Endpoint);
        Assert.Contains(label, error.Message, StringComparison.Ordinal);
        Assert.Contains("2026-03-08", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DailyLabelsSkippingADay_ThrowsAtTheGap()
    {
        string[] labels = ["2026-03-07T00:00:00+00:00", "2026-03-08T00:00:00+00:00", "2026-03-10T00:00:00+00:00"];

        var error = Assert.Throws<KlaviyoReportDatesException>(() => ReportDateLabels.Read(labels, new DateOnly(2026, 3, 7), daily: true, "flow-series-reports"));

        Assert.Equal(labels[2], error.Label);
        Assert.Contains("2026-03-09", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData(null)]
    public void Read_LabelThatIsNotADateTime_ThrowsInsteadOfDroppingIt(string? label)
    {
        Assert.Throws<KlaviyoReportDatesException>(() =>
            ReportDateLabels.Read(["2026-03-07T00:00:00+00:00", label], new DateOnly(2026, 3, 7), daily: false, "flow-series-reports"));
    }

    [Fact]
    public void Read_WeeklyLabels_AreTakenAsWrittenWithoutTheDailyCheck()
    {
        string[] labels = ["2026-03-02T00:00:00-08:00", "2026-03-09T00:00:00-07:00"];

        var starts = ReportDateLabels.Read(labels, new DateOnly(2026, 3, 7), daily: false, "metric-aggregates");

        Assert.Equal([new DateTime(2026, 3, 2), new DateTime(2026, 3, 9)], starts);
    }
}
