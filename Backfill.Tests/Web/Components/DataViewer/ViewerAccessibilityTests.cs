using System.Text.RegularExpressions;
using Bunit;

namespace Backfill.Tests.Web.Components.DataViewer;

/// <summary>
/// What the axe browser test found on the viewer, kept fixed at component level: names that contain what is shown, and
/// charts whose numbers can be read without seeing them.
/// </summary>
public sealed partial class ViewerAccessibilityTests : DataViewerTestContext
{
    private static readonly DateOnly[] OrderDays = [FirstDay, FirstDay.AddDays(1), FirstDay.AddDays(3), LastDay];

    [Fact]
    public async Task Viewer_LabelledButtonsAndLinks_NameContainsTheVisibleText()
    {
        await SeedShopAsync(OrderDays);

        var page = RenderViewer(Shop.Value);

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=export-menu]")));
        var labelled = page.FindAll("a[aria-label], button[aria-label]").Where(e => Visible(e.TextContent).Length > 0).ToList();
        Assert.NotEmpty(labelled);
        Assert.All(labelled, e => Assert.Contains(Visible(e.TextContent), e.GetAttribute("aria-label")!, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Overview_Charts_DrawingsHiddenFromScreenReadersWhichReadASummary()
    {
        await SeedShopAsync(OrderDays);

        var page = RenderViewer(Shop.Value);

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=chart-revenue-summary]")));
        Assert.Equal(
            "Revenue per day (USD), 7 days from 2026-03-09 to 2026-03-15: total USD 742.00; highest USD 195.50 on 2026-03-10; lowest USD 0.00 on 2026-03-11.",
            page.Find("[data-testid=chart-revenue-summary]").TextContent);
        Assert.Equal(
            "Orders per day, 7 days from 2026-03-09 to 2026-03-15: total 12; highest 3 on 2026-03-09; lowest 0 on 2026-03-11.",
            page.Find("[data-testid=chart-orders-summary]").TextContent);
        Assert.Equal(
            "Average order value per day (USD), 4 days from 2026-03-09 to 2026-03-15: highest USD 77.75 on 2026-03-09; lowest USD 65.17 on 2026-03-10.",
            page.Find("[data-testid=chart-aov-summary]").TextContent);
        var charts = page.FindAll("svg.day-chart");
        Assert.NotEmpty(charts);
        Assert.All(charts, chart =>
        {
            Assert.Null(chart.GetAttribute("aria-label"));
            Assert.NotNull(chart.Closest("[aria-hidden=true]"));
        });
    }

    [Fact]
    public async Task Overview_ShowAsTable_ListsEveryDayInPlaceOfTheDrawing()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=chart-revenue]")));

        await SwitchAsync(page, "chart-revenue-as-table", true);

        var table = page.Find("[data-testid=chart-revenue-table]");
        Assert.Equal("0", table.GetAttribute("tabindex"));
        Assert.Equal(["Day", "Gross (USD)", "Net (USD)"], table.QuerySelectorAll("th").Select(th => th.TextContent));
        var rows = table.QuerySelectorAll("[data-testid=chart-table-day]").Select(Cells).ToList();
        Assert.Equal(7, rows.Count);
        Assert.Equal(["2026-03-09", "USD 155.50", "USD 155.50"], rows[0]);
        Assert.Equal(["2026-03-11", "USD 0.00", "USD 0.00"], rows[2]);
        Assert.Empty(page.Find("[data-testid=chart-revenue]").QuerySelectorAll("svg.day-chart"));
        Assert.NotEmpty(page.Find("[data-testid=chart-orders]").QuerySelectorAll("svg.day-chart"));
    }

    [Fact]
    public async Task Overview_AverageOrderValueAsTable_ListsEveryDayWithOrdersOfAShortRange()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=chart-aov]")));

        await SwitchAsync(page, "chart-aov-as-table", true);

        var table = page.Find("[data-testid=chart-aov-table]");
        Assert.Equal(["Day", "Average order value (USD)"], table.QuerySelectorAll("th").Select(th => th.TextContent));
        Assert.Equal(
            [["2026-03-09", "USD 77.75"], ["2026-03-10", "USD 65.17"], ["2026-03-12", "USD 65.17"], ["2026-03-15", "USD 65.17"]],
            table.QuerySelectorAll("tbody tr").Select(Cells));
    }

    [Fact]
    public async Task Overview_ShowAsTableSwitchedBack_ShowsTheDrawingAgain()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=chart-revenue]")));
        await SwitchAsync(page, "chart-revenue-as-table", true);

        await SwitchAsync(page, "chart-revenue-as-table", false);

        Assert.Empty(page.FindAll("[data-testid=chart-revenue-table]"));
        Assert.NotEmpty(page.Find("[data-testid=chart-revenue]").QuerySelectorAll("svg.day-chart"));
    }

    [Fact]
    public async Task CampaignSeries_Table_IsANamedRegionTheKeyboardCanScroll()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=kpi-orders]")));
        await page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Campaigns (2)").ClickAsync(new());
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=campaign-expand-C1]")));

        await page.Find("[data-testid=campaign-expand-C1]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=series-C1] .series-table")));
        var region = page.Find("[data-testid=series-C1] .series-table");
        Assert.Equal("0", region.GetAttribute("tabindex"));
        Assert.Equal("region", region.GetAttribute("role"));
        Assert.Equal("Daily statistics of Spring Sale", region.GetAttribute("aria-label"));
    }

    private static Task SwitchAsync(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> page, string testId, bool on) =>
        page.Find($"input[data-testid={testId}], [data-testid={testId}] input").ChangeAsync(new() { Value = on });

    private static string[] Cells(AngleSharp.Dom.IElement row) => [.. row.QuerySelectorAll("td").Select(td => Visible(td.TextContent))];

    private static string Visible(string text) => Spaces().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
