using Backfill.Web.Components.DataViewer;

namespace Backfill.Tests.Web.Components.DataViewer;

public sealed class ChartSummariesTests
{
    private static string Money(decimal value) => DataFormat.Money(value, "USD");

    [Fact]
    public void Daily_TiedHighestAndLowest_NamesTheEarliestDays()
    {
        (DateOnly, decimal)[] points = [(new DateOnly(2026, 3, 9), 5m), (new DateOnly(2026, 3, 10), 0m), (new DateOnly(2026, 3, 11), 5m), (new DateOnly(2026, 3, 12), 0m)];

        var summary = ChartSummaries.Daily("Revenue per day (USD)", points, Money);

        Assert.Equal("Revenue per day (USD), 4 days from 2026-03-09 to 2026-03-12: total USD 10.00; highest USD 5.00 on 2026-03-09; lowest USD 0.00 on 2026-03-10.", summary);
    }

    [Fact]
    public void Daily_OneDay_SaysOneDay()
    {
        var summary = ChartSummaries.Daily("Orders per day", [(new DateOnly(2026, 3, 9), 1_234m)], v => DataFormat.Count((long)v));

        Assert.Equal("Orders per day, 1 day from 2026-03-09 to 2026-03-09: total 1,234; highest 1,234 on 2026-03-09; lowest 1,234 on 2026-03-09.", summary);
    }

    [Fact]
    public void Daily_NoDays_SaysSo()
    {
        Assert.Equal("Orders per day: no days in the range.", ChartSummaries.Daily("Orders per day", [], v => v.ToString(DataFormat.Invariant)));
    }

    [Fact]
    public void Weekly_SeveralWeeks_NamesTheRangeAndTheExtremes()
    {
        WeeklyValue[] weeks = [new(new DateOnly(2026, 3, 2), 50m), new(new DateOnly(2026, 3, 9), 23.33m), new(new DateOnly(2026, 3, 16), 61m)];

        var summary = ChartSummaries.Weekly("Average order value per week (USD)", weeks, Money);

        Assert.Equal(
            "Average order value per week (USD), 3 weeks from the week of 2026-03-02 to the week of 2026-03-16: highest USD 61.00 in the week of 2026-03-16; lowest USD 23.33 in the week of 2026-03-09.",
            summary);
    }

    [Fact]
    public void Weekly_NoWeeks_SaysSo()
    {
        Assert.Equal("AOV: no weeks in the range.", ChartSummaries.Weekly("AOV", [], Money));
    }
}
