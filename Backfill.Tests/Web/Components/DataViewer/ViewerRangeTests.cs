using AngleSharp.Dom;
using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Backfill.Validation;
using Backfill.Services.Storage;
using Backfill.Web.Components.DataViewer;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Web.Components.DataViewer;

/// <summary>The viewer's range picker and comparisons, breakdowns, chart drill-down, order search and sort, and live updates.</summary>
public sealed class ViewerRangeTests : DataViewerTestContext
{
    private static readonly DateOnly[] OrderDays = [FirstDay, FirstDay.AddDays(1), FirstDay.AddDays(3), LastDay];

    [Fact]
    public async Task RangePicker_CustomDays_KpisShowThatRangeAndTheChangeAgainstThePreviousPeriod()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=range-picker]")));

        await page.Find("#range-from-input").ChangeAsync(new ChangeEventArgs { Value = "2026-03-11" });
        await page.Find("#range-to-input").ChangeAsync(new ChangeEventArgs { Value = "2026-03-12" });
        await page.Find("[data-testid=range-apply]").ClickAsync(new());

        // 2026-03-11..12 holds one day of three USD orders (195.50); 2026-03-09..10 held six (155.50 + 195.50, one EUR order).
        page.WaitForAssertion(() => Assert.Equal("3", page.Find("[data-testid=kpi-orders]").GetAttribute("data-value")));
        Assert.Equal("195.5", page.Find("[data-testid=kpi-revenue]").GetAttribute("data-value"));
        Assert.Equal("−44.3 % vs previous 2 days", page.Find("[data-testid=kpi-revenue-detail]").TextContent);
        Assert.Equal("−50.0 % vs previous 2 days", page.Find("[data-testid=kpi-orders-detail]").TextContent);
        Assert.Equal("2026-03-11 → 2026-03-12", page.Find("[data-testid=kpi-range]").TextContent);
        Assert.EndsWith("/data/test-shop?from=2026-03-11&to=2026-03-12", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.Equal(2, page.Find("[data-testid=chart-revenue-bars]").QuerySelectorAll("[data-day]").Length);
    }

    [Fact]
    public async Task RangePicker_AllCoveragePreset_IsPressedForTheDefaultRange()
    {
        await SeedShopAsync(OrderDays);

        var page = RenderViewer(Shop.Value);

        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=range-preset-AllCoverage]").GetAttribute("aria-pressed")));
        Assert.Equal("2026-03-09 → 2026-03-15 · 7 days · America/Los_Angeles", page.Find("[data-testid=range-shown]").TextContent.Trim());
    }

    [Fact]
    public async Task ChartDay_Clicked_OpensThatDaysOrders()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=chart-orders-bars] [data-day='2026-03-10']")));

        // In the browser, "dayclick" reports the data-day of the group clicked to the chart's one handler, on its box.
        await page.Find("[data-testid=chart-orders-bars]").ParentElement!
            .TriggerEventAsync("ondayclick", new DayClickEventArgs { Day = "2026-03-10" });

        page.WaitForAssertion(() => Assert.Equal(["#0310-1", "#0310-2", "#0310-3"], page.FindAll("[data-testid^=order-row-]").Select(e => e.TextContent)));
        Assert.Equal("Orders", page.Find(".mud-tab-active").TextContent.Trim());
    }

    [Fact]
    public async Task Breakdowns_Tab_RowsAddUpToTheRangesRevenueAndNameCampaigns()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=kpi-orders]")));

        await page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Breakdowns").ClickAsync(new());

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=breakdown-product]")));
        foreach (var dimension in DayBreakdown.AllDimensions)
        {
            var rows = page.Find($"[data-testid=breakdown-{dimension}]").QuerySelectorAll("[data-testid=breakdown-row]");
            Assert.Equal(742m, rows.Sum(r => decimal.Parse(r.GetAttribute("data-value")!, System.Globalization.CultureInfo.InvariantCulture)));
        }

        var products = page.Find("[data-testid=breakdown-product]").QuerySelectorAll("[data-testid=breakdown-row]").Select(r => r.GetAttribute("data-key")).ToList();
        Assert.Equal(["P1", "P2"], products);
        Assert.Contains("Campaign: Spring Sale", page.Find("[data-testid=breakdown-attribution]").TextContent, StringComparison.Ordinal);
        Assert.Contains("newsletter / email", page.Find("[data-testid=breakdown-utm]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void DayBarChart_AYearOfLargeValues_HasAtMostEightTicksAndLabelsWithSeparatorsAndCurrency()
    {
        var points = Enumerable.Range(0, 365).Select(i => new ChartPoint(new DateOnly(2025, 1, 1).AddDays(i), 1000m + i * 338.25m, 900m + i * 300m)).ToList();

        var chart = Render<DayBarChart>(p => p
            .Add(c => c.Points, points).Add(c => c.Name, "Gross").Add(c => c.SecondName, "Net").Add(c => c.Currency, "USD")
            .Add(c => c.TestId, "chart"));

        var ticks = chart.FindAll("[data-testid=chart-tick]").Select(t => t.TextContent).ToList();
        Assert.InRange(ticks.Count, 2, ChartScale.MaxTicks);
        Assert.Equal("USD 0", ticks[0]);
        Assert.Contains(ticks, t => t.Contains(',', StringComparison.Ordinal) && t.StartsWith("USD ", StringComparison.Ordinal));
        Assert.InRange(chart.FindAll("[data-testid=chart-label]").Count, 2, ChartScale.MaxTicks);
        Assert.Equal(365, chart.FindAll("[data-day]").Count);
        Assert.Equal(730, chart.FindAll(".day-chart-bar, .day-chart-bar2").Count);
    }

    [Fact]
    public void DayBarChart_SingleDayAndEmpty_DrawOneGroupOrSaySo()
    {
        var one = Render<DayBarChart>(p => p
            .Add(c => c.Points, [new ChartPoint(new DateOnly(2026, 3, 9), 7m)]).Add(c => c.Name, "Orders")
            .Add(c => c.TestId, "chart"));
        var none = Render<DayBarChart>(p => p
            .Add(c => c.Points, []).Add(c => c.Name, "Orders").Add(c => c.TestId, "empty"));

        Assert.Single(one.FindAll("[data-day]"));
        Assert.Equal(["03-09"], one.FindAll("[data-testid=chart-label]").Select(l => l.TextContent));
        Assert.Equal("No days in this range.", none.Find("[data-testid=empty-empty]").TextContent);
    }

    [Fact]
    public async Task OrdersGrid_SearchByEmailAndSortByValue_FindsAndOrdersTheRows()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=kpi-orders]")));
        await page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Orders").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid^=order-row-]").Count));

        await page.Find("[data-testid=orders-sort]").ChangeAsync(new ChangeEventArgs { Value = "ValueDescending" });

        page.WaitForAssertion(() => Assert.Equal(["#0315-3", "#0315-2", "#0315-1"], page.FindAll("[data-testid^=order-row-]").Select(e => e.TextContent)));

        await page.Find("#orders-search-input").ChangeAsync(new ChangeEventArgs { Value = "buyer031502@example.com" });

        page.WaitForAssertion(() => Assert.Equal(["#0315-2"], page.FindAll("[data-testid^=order-row-]").Select(e => e.TextContent)));
        Assert.StartsWith("1 matching orders on 2026-03-15", page.Find("[data-testid=orders-total]").TextContent, StringComparison.Ordinal);

        await page.Find("#orders-search-input").ChangeAsync(new ChangeEventArgs { Value = "0315-1" });

        page.WaitForAssertion(() => Assert.Equal(["#0315-1"], page.FindAll("[data-testid^=order-row-]").Select(e => e.TextContent)));
    }

    [Fact]
    public async Task DayOrders_ValidatedDay_ShowsWhetherItMatchesKlaviyo()
    {
        await SeedShopAsync(OrderDays);
        var check = new DayCheck(LastDay, 3, new Dictionary<string, decimal> { ["USD"] = 195.5m }, 4, new Dictionary<string, decimal> { ["USD"] = 230m }, BackfilledAt);
        var fields = DailyRollup.ValidationFieldsOf(check);
        await Store.CommitAsync([Write.Merge(DataLayout.DailyRollup(Shop, LastDay), fields, [.. fields.Keys.Select(k => FieldPath.Of(k))])], TestContext.Current.CancellationToken);

        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=kpi-orders]")));
        await page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Orders").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("differs", page.Find("[data-testid=day-validation]").GetAttribute("data-state")));
        Assert.Contains("4 orders there", page.Find("[data-testid=day-validation]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiveRun_WritesADay_OpenViewerUpdatesItselfKeepingTheTab()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.Equal("12", page.Find("[data-testid=kpi-orders]").GetAttribute("data-value")));
        await page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Breakdowns").ClickAsync(new());
        var day = LastDay.AddDays(1);
        var orders = OrdersOf(day);
        var writes = orders.Select(o => Write.Set(DataLayout.DailyOrder(Shop, day, o.KlaviyoEventId), OrderDocument.ToFields(o, null, BackfilledAt))).ToList();
        var rollup = new DailyRollup(day, 3, new Dictionary<string, decimal> { ["USD"] = 195.5m }, new Dictionary<string, long> { ["USD"] = 3 }, 0, 1, 1, "USD");
        writes.Add(Write.Set(DataLayout.DailyRollup(Shop, day), rollup.ToFields(BackfilledAt)));
        await Store.CommitAsync(writes, TestContext.Current.CancellationToken);

        var before = Coordinator.Board.Find(Shop)!;
        Coordinator.Publish(before with { State = BackfillState.InProgress, RunId = "live", DaysCompleted = 1, TotalDays = 2, LastCompletedDate = day });

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=data-live]").GetAttribute("data-updates")), TimeSpan.FromSeconds(10));
        Assert.Equal("15", page.Find("[data-testid=kpi-orders]").GetAttribute("data-value"));
        Assert.Equal("Breakdowns", page.Find(".mud-tab-active").TextContent.Trim());
        Assert.Equal("2026-03-09 → 2026-03-16", page.Find("[data-testid=kpi-range]").TextContent);
    }

    [Fact]
    public async Task Viewer_Disposed_LeavesTheBoardFeed()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=kpi-orders]")));
        Assert.Equal(1, Coordinator.SubscriberCount);

        await DisposeComponentsAsync();

        Assert.Equal(0, Coordinator.SubscriberCount);
    }
}
