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
            "Average order value per week (USD), 1 week from the week of 2026-03-09 to the week of 2026-03-09: highest USD 67.45 in the week of 2026-03-09; lowest USD 67.45 in the week of 2026-03-09.",
            page.Find("[data-testid=chart-aov-summary]").TextContent);
        var charts = page.FindAll(".mud-chart");
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
        Assert.Equal(["Day", "Revenue (USD)"], table.QuerySelectorAll("th").Select(th => th.TextContent));
        var rows = table.QuerySelectorAll("[data-testid=chart-table-day]").Select(Cells).ToList();
        Assert.Equal(7, rows.Count);
        Assert.Equal(["2026-03-09", "USD 155.50"], rows[0]);
        Assert.Equal(["2026-03-11", "USD 0.00"], rows[2]);
        Assert.Empty(page.Find("[data-testid=chart-revenue]").QuerySelectorAll(".mud-chart"));
        Assert.NotEmpty(page.Find("[data-testid=chart-orders]").QuerySelectorAll(".mud-chart"));
    }

    [Fact]
    public async Task Overview_ShowAsTableWithAverage_AddsTheAverageColumn()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=chart-orders]")));

        await SwitchAsync(page, "chart-orders-as-table", true);
        await SwitchAsync(page, "toggle-average", true);

        var table = page.Find("[data-testid=chart-orders-table]");
        Assert.Equal(["Day", "Orders", "7-day average"], table.QuerySelectorAll("th").Select(th => th.TextContent));
        Assert.Equal(
            [["2026-03-09", "3", "3.00"], ["2026-03-10", "3", "3.00"], ["2026-03-11", "0", "2.00"], ["2026-03-12", "3", "2.25"]],
            table.QuerySelectorAll("[data-testid=chart-table-day]").Take(4).Select(Cells));
    }

    [Fact]
    public async Task Overview_AverageOrderValueAsTable_ListsEveryWeek()
    {
        await SeedShopAsync(OrderDays);
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=chart-aov]")));

        await SwitchAsync(page, "chart-aov-as-table", true);

        var table = page.Find("[data-testid=chart-aov-table]");
        Assert.Equal([["2026-03-09", "USD 67.45"]], table.QuerySelectorAll("tbody tr").Select(Cells));
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
        Assert.NotEmpty(page.Find("[data-testid=chart-revenue]").QuerySelectorAll(".mud-chart"));
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
