using AngleSharp.Dom;
using Backfill.Services.Storage;
using Bunit;

namespace Backfill.Tests.Web.Components.DataViewer;

public sealed class DataViewerTests : DataViewerTestContext
{
    private static readonly DateOnly[] OrderDays = [FirstDay, FirstDay.AddDays(1), FirstDay.AddDays(3), LastDay];

    [Fact]
    public async Task DataViewer_SeededClient_ShowsKpisEqualToTheSummaryQuery()
    {
        await SeedShopAsync(OrderDays);
        var summary = (await Queries.GetSummaryAsync(Shop, TestContext.Current.CancellationToken))!;

        var page = RenderViewer(Shop.Value);

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=kpi-orders]")));
        Assert.Equal(12, summary.Orders);
        AssertKpi(page, "kpi-orders", summary.Orders.ToString(DataFormatInvariant), "12");
        AssertKpi(page, "kpi-revenue", summary.TotalRevenue.ToString(DataFormatInvariant), "USD 742.00");
        AssertKpi(page, "kpi-aov", summary.AverageOrderValue.ToString(DataFormatInvariant), "USD 67.45");
        AssertKpi(page, "kpi-net-revenue", summary.NetRevenue.ToString(DataFormatInvariant), "USD 742.00");
        Assert.Equal("USD 0.00 refunded", page.Find("[data-testid=kpi-net-revenue-detail]").TextContent);
        AssertKpi(page, "kpi-campaigns", "2", "2");
        AssertKpi(page, "kpi-flows", "1", "1");
        AssertKpi(page, "kpi-days", "4", "4");
        Assert.Equal(742m, summary.TotalRevenue);
        Assert.Equal("also EUR 40.00", page.Find("[data-testid=kpi-revenue-detail]").TextContent);
        Assert.Equal("of 7 days backfilled", page.Find("[data-testid=kpi-days-detail]").TextContent);
        Assert.Equal("2026-03-09 → 2026-03-15", page.Find("[data-testid=kpi-range]").TextContent);
        Assert.Equal("America/Los_Angeles", page.Find("[data-testid=data-timezone]").TextContent);
    }

    [Fact]
    public async Task ExportMenu_Opened_OffersEveryKindAsCsvAndExcelForTheRangeShown()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=export-menu] button")));

        await page.Find("[data-testid=export-menu] button").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(8, page.FindAll("[data-testid^=export-][data-testid$=sv], [data-testid^=export-][data-testid$=xlsx]").Count));
        foreach (var kind in new[] { "orders", "daily", "campaigns", "flows" })
        {
            foreach (var format in new[] { "csv", "xlsx" })
            {
                var item = page.Find($"[data-testid=export-{kind}-{format}]");
                var link = item.TagName == "A" ? item : item.QuerySelector("a") ?? item.Closest("a")!;
                Assert.Equal($"/api/backfill/data/test-shop/export?kind={kind}&format={format}&from=2026-03-09&to=2026-03-15", link.GetAttribute("href"));
            }
        }

        Assert.Contains("Daily summary (Excel)", page.Find("[data-testid=export-daily-xlsx]").TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Export", page.Find("[data-testid=export-menu] button").GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataViewer_UnknownClient_ShowsNotFoundWithALinkToTheManager()
    {
        await SeedShopAsync(OrderDays);

        var page = RenderViewer("no-such-client");

        page.WaitForAssertion(() => Assert.Contains("No client “no-such-client” is registered.", page.Find("[data-testid=not-found]").TextContent, StringComparison.Ordinal));
        Assert.Equal("/", page.Find("[data-testid=back-to-manager]").GetAttribute("href"));
        Assert.Empty(page.FindAll("[data-testid=kpi-orders]"));
    }

    [Fact]
    public void DataViewer_IdThatBreaksTheRules_ShowsNotFound()
    {
        var page = RenderViewer("Not A Valid Id!");

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=not-found]")));
    }

    [Fact]
    public async Task DataViewer_RegisteredClientWithoutData_SaysRunAQuickCheckAndLinksToTheManager()
    {
        await RegisterAsync(ClientId.Parse("new-shop"), "New Shop");

        var page = RenderViewer("new-shop");

        page.WaitForAssertion(() => Assert.Contains("No data yet — run a Quick check", page.Find("[data-testid=no-data]").TextContent, StringComparison.Ordinal));
        Assert.Equal("/", page.Find("[data-testid=go-to-manager]").GetAttribute("href"));
        Assert.Equal("New Shop", page.Find("[data-testid=data-title]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=kpi-orders]"));
    }

    [Fact]
    public async Task OrdersTab_LatestDayWithOrders_ListsItsOrdersInTheAccountTimezone()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=kpi-orders]")));

        await OpenTabAsync(page, "Orders");

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid^=order-row-]").Count));
        Assert.Equal(["#0315-1", "#0315-2", "#0315-3"], page.FindAll("[data-testid^=order-row-]").Select(e => e.TextContent));
        Assert.Contains("3 orders on 2026-03-15 · total value 195.50", page.Find("[data-testid=orders-total]").TextContent, StringComparison.Ordinal);
        var first = Row(page, "k031501");
        Assert.Equal("09:00:00", page.Find("[data-testid=order-time-k031501]").TextContent);
        Assert.Contains("USD 40.00", first.TextContent, StringComparison.Ordinal);
        Assert.Contains("newsletter / spring", first.TextContent, StringComparison.Ordinal);
        Assert.Contains("campaign: Spring Sale (email)", first.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=order-line]"));
    }

    [Fact]
    public async Task OrdersGrid_ExpandControl_ShowsLineItemsCustomerAndRawProperties()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=kpi-orders]")));
        await OpenTabAsync(page, "Orders");
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=order-expand-k031502]")));

        await page.Find("[data-testid=order-expand-k031502]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=order-lines-k031502] [data-testid=order-line]").Count));
        var lines = page.FindAll("[data-testid=order-lines-k031502] [data-testid=order-line]");
        Assert.Contains("Blue Cheese", lines[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("SKU-BLUE", lines[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("USD 45.00", lines[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Cheese", lines[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Creamery", lines[0].TextContent, StringComparison.Ordinal);
        var details = page.Find("[data-testid=order-details-k031502]").TextContent;
        Assert.Contains("Portland, OR 97201, US", details, StringComparison.Ordinal);
        Assert.Contains("\"$event_id\": \"031502\"", page.Find("[data-testid=order-raw-k031502]").TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.Find("[data-testid=order-expand-k031502]").GetAttribute("aria-expanded"));
        Assert.Empty(page.FindAll("[data-testid=order-lines-k031501]"));
    }

    [Fact]
    public async Task DayPicker_TypedDay_ShowsThatDaysOrders()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=kpi-orders]")));
        await OpenTabAsync(page, "Orders");
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid^=order-row-]").Count));

        await page.Find("#day-picker-input").ChangeAsync(new() { Value = "2026-03-10" });

        page.WaitForAssertion(() => Assert.Equal(["#0310-1", "#0310-2", "#0310-3"], page.FindAll("[data-testid^=order-row-]").Select(e => e.TextContent)));
        Assert.Contains("2026-03-10: 3 orders · USD 195.50", page.Find("[data-testid=day-summary]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DayPicker_DayWithoutOrders_SaysSo()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=kpi-orders]")));
        await OpenTabAsync(page, "Orders");
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid^=order-row-]").Count));

        await page.Find("[data-testid=day-previous]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=orders-none]")));
        Assert.EndsWith("2026-03-14: 0 orders", page.Find("[data-testid=day-summary]").TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CampaignsTab_ExpandedCampaign_ShowsItsDailySeries()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=kpi-orders]")));

        await OpenTabAsync(page, "Campaigns (2)");
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=campaign-expand-C1]")));
        var grid = page.Find("[data-testid=campaigns-grid]").TextContent;
        Assert.Contains("Spring Sale", grid, StringComparison.Ordinal);
        Assert.Contains("40.8 %", grid, StringComparison.Ordinal);
        Assert.Contains("USD 350.00", grid, StringComparison.Ordinal);
        await page.Find("[data-testid=campaign-expand-C1]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(7, page.FindAll("[data-testid=series-C1] [data-testid=series-day]").Count));
        Assert.Contains("USD 50.00", page.FindAll("[data-testid=series-C1] [data-testid=series-day]")[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_BusiestDayOrdersButton_OpensThatDayInTheOrdersTab()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=open-day-2026-03-12]")));

        await page.Find("[data-testid=open-day-2026-03-12]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(["#0312-1", "#0312-2", "#0312-3"], page.FindAll("[data-testid^=order-row-]").Select(e => e.TextContent)));
        Assert.Equal("Orders", page.Find(".mud-tab-active").TextContent.Trim());
    }

    private static readonly System.Globalization.CultureInfo DataFormatInvariant = System.Globalization.CultureInfo.InvariantCulture;

    private static void AssertKpi(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> page, string testId, string raw, string text)
    {
        var kpi = page.Find($"[data-testid={testId}]");
        Assert.Equal(raw, kpi.GetAttribute("data-value"));
        Assert.Equal(text, kpi.TextContent);
    }

    private static IElement Row(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> page, string documentId) =>
        page.Find($"tr.order-row-{documentId}");

    private static async Task OpenTabAsync(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> page, string text)
    {
        var tab = page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == text);
        await tab.ClickAsync(new());
    }
}
