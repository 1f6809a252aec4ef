using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Backfill.Tests.Web.Browser;

/// <summary>
/// The issue's "done when", in a real browser: a newcomer opens the manager, runs a quick check of rogue-creamery,
/// watches it finish live, and explores its numbers and orders. Full-page screenshots land in
/// bin/…/screenshots/ for a human to look at.
/// </summary>
public sealed class DashboardBrowserTests
{
    private const string Client = "rogue-creamery";

    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    // The quick check takes a few seconds and reports progress per checkpoint (by default every 4,000 writes or 3 s,
    // i.e. once for 7 days): latency per sandbox request, small checkpoints and an order stream cut into many short
    // slices (the product's 2-day minimum would fetch 7 days at once) make its progress visible mid-run.
    private static readonly Dictionary<string, string> Settings = new()
    {
        [$"Klaviyo:Sandbox:Faults:{Client}:LatencyMs"] = "150",
        ["Backfill:CheckpointWrites"] = "100",
        ["Klaviyo:MinEventSliceDays"] = "0",
    };

    [Fact]
    public async Task QuickCheck_FromManagerToOrderLineItems_ShowsLiveProgressAndTheApiNumbers()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var chromium = Chromium.FindOnPath();
        Directory.CreateDirectory(Screenshots);
        await using var app = new BrowserApp(Settings);
        using var http = app.CreateHttpClient();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = Chromium.Arguments });
        var context = await browser.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        // A second tab that only watches: the coordinator's feed must reach every open page, not only the one that clicked.
        var watcher = await context.NewPageAsync();
        try
        {
            await RunScenarioAsync(page, watcher, http, cancellationToken);
        }
        catch
        {
            // What the browser showed when the scenario broke: the first thing to look at.
            await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "failure.png"), FullPage = true });
            throw;
        }
    }

    private static async Task RunScenarioAsync(IPage page, IPage watcher, HttpClient http, CancellationToken cancellationToken)
    {
        await watcher.GotoAsync("/");
        await watcher.Locator("[data-interactive=true]").WaitForAsync();
        await page.GotoAsync("/");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        var status = page.GetByTestId($"status-{Client}");
        await status.WaitForAsync();
        await WatchProgressAsync(page);

        await page.GetByTestId($"quick-{Client}").ClickAsync();
        await page.WaitForFunctionAsync("() => window.progressSeen.some(v => v > 0 && v < 100)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "manager-running.png"), FullPage = true });
        await Assertions.Expect(status).ToHaveAttributeAsync("data-state", "completed", new() { Timeout = 45_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "manager-completed.png"), FullPage = true });

        var seen = await page.EvaluateAsync<double[]>("() => window.progressSeen");
        Assert.Contains(seen, v => v is > 0 and < 100);
        Assert.Equal(100, seen[^1]);
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(1, await page.EvaluateAsync<int>("() => performance.getEntriesByType('navigation').length"));
        await Assertions.Expect(watcher.GetByTestId($"status-{Client}")).ToHaveAttributeAsync("data-state", "completed");
        await Assertions.Expect(watcher.GetByTestId($"progress-text-{Client}")).ToContainTextAsync("100");
        Assert.Equal(1, await watcher.EvaluateAsync<int>("() => performance.getEntriesByType('navigation').length"));

        await page.GetByTestId($"view-{Client}").ClickAsync();
        await page.GetByTestId("kpi-orders").WaitForAsync();
        using var summary = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/backfill/data/{Client}/summary", UriKind.Relative), cancellationToken));
        var totals = summary.RootElement.GetProperty("summary");
        var currency = totals.GetProperty("currency").GetString()!;
        Assert.True(totals.GetProperty("orders").GetInt64() > 0, "the quick check copied no orders");
        await ExpectKpiAsync(page, "kpi-orders", totals.GetProperty("orders").GetDecimal(), Count(totals.GetProperty("orders").GetInt64()));
        await ExpectKpiAsync(page, "kpi-revenue", totals.GetProperty("total_revenue").GetDecimal(), Money(currency, totals.GetProperty("total_revenue").GetDecimal()));
        await ExpectKpiAsync(page, "kpi-aov", totals.GetProperty("average_order_value").GetDecimal(), Money(currency, totals.GetProperty("average_order_value").GetDecimal()));
        await ExpectKpiAsync(page, "kpi-campaigns", totals.GetProperty("campaigns").GetDecimal(), Count(totals.GetProperty("campaigns").GetInt64()));
        await ExpectKpiAsync(page, "kpi-flows", totals.GetProperty("flows").GetDecimal(), Count(totals.GetProperty("flows").GetInt64()));
        await ExpectKpiAsync(page, "kpi-days", totals.GetProperty("days_with_orders").GetDecimal(), Count(totals.GetProperty("days_with_orders").GetInt64()));
        await page.GetByTestId("chart-revenue").Locator("svg").First.WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "data-overview.png"), FullPage = true });

        var start = DateOnly.Parse(summary.RootElement.GetProperty("date_range").GetProperty("start_date").GetString()!, CultureInfo.InvariantCulture);
        var day = start.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var orders = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/backfill/data/{Client}/orders?date={day}&limit=1", UriKind.Relative), cancellationToken));
        var first = orders.RootElement.GetProperty("orders")[0];
        // Orders are stored under the Klaviyo event id: the grid's document id.
        var firstId = first.GetProperty("klaviyo_event_id").GetString()!;
        await page.GetByRole(AriaRole.Tab, new() { Name = "Orders" }).ClickAsync();
        var picker = page.Locator("#day-picker-input");
        await picker.FillAsync(day);
        await Assertions.Expect(page.GetByTestId("orders-total"))
            .ToContainTextAsync($"{Count(orders.RootElement.GetProperty("total_orders").GetInt64())} orders on {day}");
        var row = page.GetByTestId($"order-row-{firstId}");
        await Assertions.Expect(row).ToHaveTextAsync(first.GetProperty("order_number").GetString()!);

        await page.GetByTestId($"order-expand-{firstId}").ClickAsync();
        var lines = page.GetByTestId($"order-lines-{firstId}").GetByTestId("order-line");
        await Assertions.Expect(lines).ToHaveCountAsync(first.GetProperty("line_items").GetArrayLength());
        await Assertions.Expect(lines.First).ToContainTextAsync(first.GetProperty("line_items")[0].GetProperty("name").GetString()!);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "data-orders.png"), FullPage = true });

        await page.GetByRole(AriaRole.Tab, new() { Name = $"Campaigns ({Count(totals.GetProperty("campaigns").GetInt64())})" }).ClickAsync();
        await page.GetByTestId("campaigns-grid").Locator("[data-testid^=campaign-expand-]").First.ClickAsync();
        await page.Locator("[data-testid^=series-]").First.WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "data-campaigns.png"), FullPage = true });
        await page.GetByRole(AriaRole.Tab, new() { Name = "Orders" }).ClickAsync();

        // Not asserted: how the same screen looks narrow and dark, for the human looking at the screenshots.
        await page.SetViewportSizeAsync(820, 900);
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "data-orders-820-dark.png"), FullPage = true });
        await page.GetByRole(AriaRole.Tab, new() { Name = "Overview" }).ClickAsync();
        await page.GetByTestId("chart-revenue").Locator("svg").First.WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "data-overview-820-dark.png"), FullPage = true });
    }

    // Records every value the progress bar shows, from before the click, without reloading or polling the server.
    private static async Task WatchProgressAsync(IPage page) => await page.EvaluateAsync($$"""
        () => {
            window.progressSeen = [];
            const read = () => {
                const host = document.querySelector('[data-testid="progress-{{Client}}"]');
                const bar = host && (host.hasAttribute('aria-valuenow') ? host : host.querySelector('[aria-valuenow]'));
                const value = bar ? Number(bar.getAttribute('aria-valuenow')) : NaN;
                if (!Number.isNaN(value) && window.progressSeen[window.progressSeen.length - 1] !== value) {
                    window.progressSeen.push(value);
                }
            };
            new MutationObserver(read).observe(document.body, { subtree: true, childList: true, attributes: true });
            read();
        }
        """);

    private static async Task ExpectKpiAsync(IPage page, string testId, decimal expected, string text)
    {
        var kpi = page.GetByTestId(testId);
        Assert.Equal(expected, decimal.Parse((await kpi.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture));
        await Assertions.Expect(kpi).ToHaveTextAsync(text);
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Money(string currency, decimal value) => string.Create(CultureInfo.InvariantCulture, $"{currency} {value:N2}");
}
