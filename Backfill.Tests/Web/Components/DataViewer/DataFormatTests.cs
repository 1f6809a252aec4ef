using Backfill.Services.Backfill.Documents;
using Backfill.Services.Orders;
using Backfill.Web.Components.DataViewer;

namespace Backfill.Tests.Web.Components.DataViewer;

public sealed class DataFormatTests
{
    [Fact]
    public void MovingAverage_FirstDays_AverageOverTheDaysSoFarThenSevenDays()
    {
        double[] values = [7, 0, 14, 7, 7, 7, 7, 70];

        var average = DataFormat.MovingAverage(values);

        Assert.Equal([7, 3.5, 7, 7, 7, 7, 7, 16], average);
    }

    [Fact]
    public void WeeklyAverageOrderValue_RollupsAcrossWeeks_GroupsByMondayInTheMainCurrencyOnly()
    {
        DailyRollup[] rollups =
        [
            Rollup(new DateOnly(2026, 3, 8), ("USD", 100m, 2), ("EUR", 999m, 1)),
            Rollup(new DateOnly(2026, 3, 9), ("USD", 30m, 1)),
            Rollup(new DateOnly(2026, 3, 15), ("USD", 40m, 2)),
            Rollup(new DateOnly(2026, 3, 16)),
        ];

        var weeks = DataFormat.WeeklyAverageOrderValue(rollups, "USD");

        Assert.Equal([new WeeklyValue(new DateOnly(2026, 3, 2), 50m), new WeeklyValue(new DateOnly(2026, 3, 9), 23.33m)], weeks);
    }

    [Fact]
    public void TopByRevenue_MoreThanTen_KeepsTheTenHighestThatEarnedSomething()
    {
        var rows = Enumerable.Range(1, 12).Select(i => new MessageRow($"C{i}", $"Campaign {i}", null, null, new MessageStatistics(ConversionValue: i)))
            .Append(new MessageRow("Z", "Nothing", null, null, MessageStatistics.Zero));

        var top = DataFormat.TopByRevenue(rows);

        Assert.Equal(["C12", "C11", "C10", "C9", "C8", "C7", "C6", "C5", "C4", "C3"], top.Select(r => r.Id));
    }

    [Theory]
    [InlineData("{\"a\":1,\"b\":[\"é&<\"]}", "{\n  \"a\": 1,\n  \"b\": [\n    \"é&<\"\n  ]\n}")]
    [InlineData("not json", "not json")]
    [InlineData(null, "(none)")]
    public void PrettyJson_Text_IndentsJsonAndKeepsEverythingElse(string? raw, string expected)
    {
        Assert.Equal(expected, DataFormat.PrettyJson(raw).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Attribution_KnownFlow_NamesItWithItsChannel()
    {
        var names = new Dictionary<string, string> { ["F1"] = "Welcome Series" };

        Assert.Equal("flow: Welcome Series (email)", DataFormat.Attribution(new OrderAttribution(OrderAttributionKind.Flow, null, "F1", "M", "email", null), names));
        Assert.Equal("campaign: C9", DataFormat.Attribution(new OrderAttribution(OrderAttributionKind.Campaign, "C9", null, null, null, null), names));
        Assert.Equal("—", DataFormat.Attribution(null, names));
    }

    [Fact]
    public void LocalTime_AccountTimezone_ConvertsFromUtc()
    {
        var zone = DataFormat.TimeZone("America/Los_Angeles");

        Assert.Equal("00:27:35", DataFormat.LocalTime(new DateTimeOffset(2026, 11, 25, 8, 27, 35, TimeSpan.Zero), zone));
        Assert.Equal(TimeZoneInfo.Utc, DataFormat.TimeZone("Not/AZone"));
        Assert.Equal(TimeZoneInfo.Utc, DataFormat.TimeZone(null));
    }

    private static DailyRollup Rollup(DateOnly date, params (string Currency, decimal Revenue, long Orders)[] parts) => new(
        date,
        parts.Sum(p => p.Orders),
        parts.ToDictionary(p => p.Currency, p => p.Revenue),
        parts.ToDictionary(p => p.Currency, p => p.Orders),
        0, 0, 0, "USD");
}
