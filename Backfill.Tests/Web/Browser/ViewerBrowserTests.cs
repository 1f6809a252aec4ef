using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Backfill.Tests.Web.Browser;

/// <summary>
/// The data viewer in Chromium over a month of rogue-creamery: a preset's numbers equal the API's range route, a chart
/// day opens its orders, the orders grid pages forward and back, a refresh updates the open page by itself, and
/// screenshots in light and dark mode at desktop and phone widths land in Backfill.Tests/TestResults/viewer/.
/// </summary>
public sealed class ViewerBrowserTests
{
    private const string Client = "rogue-creamery";

    private static readonly string Screenshots = Path.Combine(RepositoryRoot(), "Backfill.Tests", "TestResults", "viewer");

    [Fact]
    public async Task Viewer_PresetChartDayPagingAndLiveRefresh_MatchTheApi()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(Screenshots);
        await using var app = new BrowserApp(new Dictionary<string, string>());
        using var http = app.CreateHttpClient();
        await CopyAsync(http, $"/api/backfill/start/{Client}?days=30", ct);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium.FindOnPath(), Headless = true, Args = Chromium.Arguments });
        var context = await browser.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync($"/data/{Client}");
            await page.GetByTestId("kpi-orders").WaitForAsync();

            await page.GetByTestId("range-preset-Last7Days").ClickAsync();
            await Assertions.Expect(page.GetByTestId("range-preset-Last7Days")).ToHaveAttributeAsync("aria-pressed", "true");
            await page.WaitForURLAsync(new Regex(@"from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d"));
            var query = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query);
            using var range = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/backfill/data/{Client}/range?from={query["from"]}&to={query["to"]}", UriKind.Relative), ct));
            var totals = range.RootElement.GetProperty("totals");
            await Assertions.Expect(page.GetByTestId("kpi-orders")).ToHaveAttributeAsync("data-value", Raw(totals.GetProperty("orders").GetDecimal()));
            await Assertions.Expect(page.GetByTestId("kpi-revenue")).ToHaveAttributeAsync("data-value", Raw(totals.GetProperty("total_revenue").GetDecimal()));
            await Assertions.Expect(page.GetByTestId("kpi-net-revenue")).ToHaveAttributeAsync("data-value", Raw(totals.GetProperty("net_revenue").GetDecimal()));
            await Assertions.Expect(page.GetByTestId("kpi-aov")).ToHaveAttributeAsync("data-value", Raw(totals.GetProperty("average_order_value").GetDecimal()));
            Assert.Equal(JsonValueKind.Object, range.RootElement.GetProperty("previous_period").ValueKind);
            await Assertions.Expect(page.GetByTestId("kpi-revenue-detail")).ToContainTextAsync("vs previous 7 days");
            await ShootAsync(page, "viewer-7-days");

            // The busiest day of the range: a chart click lands on its orders, which page forward and back.
            var busiest = await page.EvaluateAsync<string>("""
                () => [...document.querySelectorAll('[data-testid="chart-orders-bars"] [data-day]')]
                    .map(g => ({ day: g.dataset.day, h: Number(g.querySelector('.day-chart-bar').getAttribute('height')) }))
                    .sort((a, b) => b.h - a.h)[0].day
                """);
            await page.Locator($"[data-testid='chart-orders-bars'] [data-day='{busiest}']").ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Orders", Selected = true })).ToBeVisibleAsync();
            using var dayOrders = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/backfill/data/{Client}/orders?date={busiest}&limit=1000", UriKind.Relative), ct));
            var total = dayOrders.RootElement.GetProperty("total_orders").GetInt64();
            await Assertions.Expect(page.GetByTestId("orders-total")).ToContainTextAsync($"{total.ToString("N0", CultureInfo.InvariantCulture)} orders on {busiest}");
            Assert.True(total > 10, $"{busiest} has {total} orders: too few to page");
            await page.GetByTestId("orders-grid").Locator(".mud-table-pagination-select, .mud-select").First.ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "10", Exact = true }).ClickAsync();
            var rows = page.Locator("[data-testid^=order-row-]");
            await Assertions.Expect(rows).ToHaveCountAsync(10);
            var firstPage = await rows.AllTextContentsAsync();
            var actions = page.GetByTestId("orders-grid").Locator(".mud-table-pagination-actions button");
            await actions.Nth(2).ClickAsync();
            await Assertions.Expect(rows.First).Not.ToHaveTextAsync(firstPage[0]);
            Assert.Empty((await rows.AllTextContentsAsync()).Intersect(firstPage));
            await actions.Nth(1).ClickAsync();
            await Assertions.Expect(rows.First).ToHaveTextAsync(firstPage[0]);
            Assert.Equal(firstPage, await rows.AllTextContentsAsync());
            await ShootAsync(page, "viewer-orders");

            // A refresh writes days while the page is open: it re-reads by itself (the orders grid too) and keeps the tab,
            // the range, and the grid's page and page size.
            await actions.Nth(2).ClickAsync();
            await Assertions.Expect(rows.First).Not.ToHaveTextAsync(firstPage[0]);
            var secondPage = await rows.AllTextContentsAsync();
            var url = page.Url;
            var refresh = await http.PostAsync(new Uri($"/api/backfill/refresh/{Client}?lookback_days=3", UriKind.Relative), null, ct);
            Assert.True(refresh.IsSuccessStatusCode, await refresh.Content.ReadAsStringAsync(ct));
            await Assertions.Expect(page.GetByTestId("data-live")).Not.ToHaveAttributeAsync("data-updates", "0", new() { Timeout = 60_000 });
            await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Orders", Selected = true })).ToBeVisibleAsync();
            Assert.Equal(url, page.Url);
            await Assertions.Expect(rows).ToHaveCountAsync(10);
            await Assertions.Expect(rows.First).ToHaveTextAsync(secondPage[0]);

            await page.GetByRole(AriaRole.Tab, new() { Name = "Overview" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("top-campaigns-chart")).ToBeVisibleAsync();
            await ShootAsync(page, "viewer-overview");
            await page.GetByRole(AriaRole.Tab, new() { Name = "Breakdowns" }).ClickAsync();
            await page.GetByTestId("breakdown-product").WaitForAsync();
            await ShootAsync(page, "viewer-breakdowns");
            await page.GetByTestId("theme-toggle").ClickAsync();
            await ShootAsync(page, "viewer-breakdowns-dark");
            await page.GetByRole(AriaRole.Tab, new() { Name = "Overview" }).ClickAsync();
            await ShootAsync(page, "viewer-overview-dark");
            await page.SetViewportSizeAsync(390, 844);
            await ShootAsync(page, "viewer-overview-phone-dark");
            await page.GetByTestId("theme-toggle").ClickAsync();
            await ShootAsync(page, "viewer-overview-phone");
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "viewer-failure.png"), FullPage = true });
            throw;
        }
    }

    private static async Task CopyAsync(HttpClient http, string start, CancellationToken ct)
    {
        var started = await http.PostAsync(new Uri(start, UriKind.Relative), null, ct);
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(ct));
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (DateTime.UtcNow < deadline)
        {
            using var status = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/backfill/status/{Client}", UriKind.Relative), ct));
            var state = status.RootElement.GetProperty("status").GetString();
            if (state == "completed")
            {
                return;
            }

            Assert.NotEqual("failed", state);
            await Task.Delay(500, ct);
        }

        Assert.Fail("the copy did not finish within 5 minutes");
    }

    private static async Task ShootAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"{name}-{page.ViewportSize!.Width}.png"), FullPage = true });

    private static string Raw(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Backfill.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}
