using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;
using Backfill.Web.Components.DataViewer;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace Backfill.Tests.Web.Components.DataViewer;

/// <summary>The orders grid while a run writes the day it shows, and the top campaigns and flows charts.</summary>
public sealed class ViewerLiveOrdersTests : DataViewerTestContext
{
    private static readonly DateOnly[] OrderDays = [FirstDay, FirstDay.AddDays(1), FirstDay.AddDays(3), LastDay];

    [Fact]
    public async Task OrdersGrid_RunWritesTheShownDay_ReloadsItsRowsKeepingSortAndSearch()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=kpi-orders]")));
        await page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Orders").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid^=order-row-]").Count));
        await page.Find("[data-testid=orders-sort]").ChangeAsync(new ChangeEventArgs { Value = "ValueDescending" });
        page.WaitForAssertion(() => Assert.Equal(["#0315-3", "#0315-2", "#0315-1"], page.FindAll("[data-testid^=order-row-]").Select(e => e.TextContent)));
        await WriteBigOrderAsync(LastDay);

        var before = Coordinator.Board.Find(Shop)!;
        Coordinator.Publish(before with { State = BackfillState.InProgress, RunId = "live", DaysCompleted = 1, TotalDays = 1, LastCompletedDate = LastDay, Orders = before.Orders + 1 });

        page.WaitForAssertion(
            () => Assert.Equal(["#0315-9", "#0315-3", "#0315-2", "#0315-1"], page.FindAll("[data-testid^=order-row-]").Select(e => e.TextContent)),
            TimeSpan.FromSeconds(10));
        Assert.StartsWith("4 orders on 2026-03-15", page.Find("[data-testid=orders-total]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Orders", page.Find(".mud-tab-active").TextContent.Trim());
        Assert.Equal("ValueDescending", page.Find("[data-testid=orders-sort]").GetAttribute("value"));

        await page.Find("#orders-search-input").ChangeAsync(new ChangeEventArgs { Value = "0315-9" });
        page.WaitForAssertion(() => Assert.Equal(["#0315-9"], page.FindAll("[data-testid^=order-row-]").Select(e => e.TextContent)));
        Coordinator.Publish(Coordinator.Board.Find(Shop)! with { DaysCompleted = 2, TotalDays = 2 });

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid=data-live]").GetAttribute("data-updates")), TimeSpan.FromSeconds(10));
        page.WaitForAssertion(() => Assert.StartsWith("1 matching orders on 2026-03-15", page.Find("[data-testid=orders-total]").TextContent, StringComparison.Ordinal));
        Assert.Equal(["#0315-9"], page.FindAll("[data-testid^=order-row-]").Select(e => e.TextContent));
    }

    [Fact]
    public async Task TopCharts_CampaignsAndFlows_DrawOwnSvgBarsWithCurrencyTicks()
    {
        await SeedShopAsync(OrderDays);

        var page = RenderViewer(Shop.Value);

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=top-campaigns-chart]")));
        var campaigns = page.Find("[data-testid=top-campaigns-chart]");
        Assert.Equal("svg", campaigns.TagName, ignoreCase: true);
        Assert.Equal(["350"], campaigns.QuerySelectorAll("[data-testid=top-campaigns-chart-bar]").Select(b => b.GetAttribute("data-value")));
        var ticks = campaigns.QuerySelectorAll("[data-testid=top-campaigns-chart-tick]").Select(t => t.TextContent).ToList();
        Assert.InRange(ticks.Count, 2, ChartScale.MaxTicks);
        Assert.All(ticks, t => Assert.StartsWith("USD ", t, StringComparison.Ordinal));
        Assert.Equal(["125.5"], page.Find("[data-testid=top-flows-chart]").QuerySelectorAll("[data-testid=top-flows-chart-bar]").Select(b => b.GetAttribute("data-value")));
        Assert.Empty(page.FindAll(".mud-chart"));
    }

    [Fact]
    public void TopRevenueChart_ThousandsOfRevenue_TicksHaveSeparatorsAndAtMostEight()
    {
        IReadOnlyList<MessageRow> rows = [.. Enumerable.Range(1, 12).Select(i => Row($"C{i}", $"Campaign number {i} with a long name", i * 1_234.5m))];

        var chart = Render<TopRevenueChart>(p => p
            .Add(c => c.Title, "Top").Add(c => c.Rows, rows).Add(c => c.Currency, "EUR").Add(c => c.TestId, "top"));

        Assert.Equal(10, chart.FindAll("[data-testid=top-chart-bar]").Count);
        var ticks = chart.FindAll("[data-testid=top-chart-tick]").Select(t => t.TextContent).ToList();
        Assert.InRange(ticks.Count, 2, ChartScale.MaxTicks);
        Assert.Contains(ticks, t => t.StartsWith("EUR ", StringComparison.Ordinal) && t.Contains(',', StringComparison.Ordinal));
        Assert.Contains("14,814", chart.FindAll("[data-testid=top-item]")[0].QuerySelector(".top-value")!.TextContent, StringComparison.Ordinal);
    }

    private static MessageRow Row(string id, string name, decimal value) =>
        new(id, name, "Sent", "email", new MessageStatistics(ConversionValue: value));

    private async Task WriteBigOrderAsync(DateOnly day)
    {
        var orders = OrdersOf(day);
        var big = orders[2] with { EventId = "031509", KlaviyoEventId = "k031509", OrderId = "031509", OrderNumber = "#0315-9", Value = 500m };
        var all = orders.Append(big).ToList();
        var rollup = new DailyRollup(day, all.Count, new Dictionary<string, decimal> { ["USD"] = all.Sum(o => o.Value) }, new Dictionary<string, long> { ["USD"] = all.Count }, 0, 1, 1, "USD");
        await Store.CommitAsync(
            [
                Write.Set(DataLayout.DailyOrder(Shop, day, big.KlaviyoEventId), OrderDocument.ToFields(big, null, BackfilledAt)),
                Write.Set(DataLayout.DailyRollup(Shop, day), rollup.ToFields(BackfilledAt)),
            ],
            TestContext.Current.CancellationToken);
    }
}
