using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using static Backfill.Benchmarks.Shared.BrowserBenchmarkHost;

// The data viewer's first render for a year of one account on the embedded store, in Chromium: the app runs as its own
// process (Development: the in-process sandbox and demo clients) on 127.0.0.1, copies the account once into --store
// (reused when it already holds it), then a fresh browser context opens /data/{account} --repeats times. Each figure
// is from navigation start until the KPI cards and the revenue chart are drawn (the circuit connected, the rollups
// read, the page rendered); the first is a cold start of the circuit, the median is what a user waits.
var account = Option("--account") ?? "northloop-outfitters";
var days = int.Parse(Option("--days") ?? "365", CultureInfo.InvariantCulture);
var repeats = int.Parse(Option("--repeats") ?? "7", CultureInfo.InvariantCulture);
var store = Path.GetFullPath(Option("--store") ?? Path.Combine(Path.GetTempPath(), $"viewer-bench-{account}-{days}.db"));
var web = Option("--web") ?? throw new ArgumentException("--web path/to/Backfill.Web.dll is required");

var port = FreePort();
var baseAddress = new Uri($"http://127.0.0.1:{port}/");
var start = new ProcessStartInfo("dotnet", [web])
{
    WorkingDirectory = Path.GetDirectoryName(web)!,
    RedirectStandardOutput = true,
    RedirectStandardError = true,
};
start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
start.Environment["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/');
start.Environment["Storage__Provider"] = "Embedded";
start.Environment["Storage__Embedded__Path"] = store;
start.Environment["Logging__LogLevel__Default"] = "Warning";
using var app = Process.Start(start)!;
app.OutputDataReceived += (_, _) => { };
app.ErrorDataReceived += (_, _) => { };
app.BeginOutputReadLine();
app.BeginErrorReadLine();
try
{
    using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
    await WaitForAsync(async () => (await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode != HttpStatusCode.ServiceUnavailable, TimeSpan.FromMinutes(2));
    var orders = await OrdersAsync(http, account);
    if (orders == 0)
    {
        Console.WriteLine($"Copying {days} days of {account} into {store} (once; later runs reuse the file)…");
        var clock = Stopwatch.StartNew();
        var started = await http.PostAsync(new Uri($"/api/backfill/start/{account}?days={days}", UriKind.Relative), null);
        if (!started.IsSuccessStatusCode)
        {
            Console.WriteLine($"could not start: {await started.Content.ReadAsStringAsync()}");
            return 1;
        }

        await WaitForAsync(async () => await StateAsync(http, account) is "completed", TimeSpan.FromHours(1));
        orders = await OrdersAsync(http, account);
        Console.WriteLine($"copied in {clock.Elapsed.TotalSeconds:N0} s");
    }

    Console.WriteLine($"{account}: {orders:N0} orders over {days} days in {store}");
    Console.WriteLine($"load average before: {LoadAverage()}");
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = FindChromium(),
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    });
    // The floor: the same page for an unknown client (circuit start, layout, one registry read, no data), so the README
    // can say how much of a render is Blazor's start on this machine at this load.
    var floor = new List<double>();
    for (var i = 0; i < 3; i++)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = baseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync("/data/no-such-client");
        await page.Locator("[data-testid=not-found]").WaitForAsync();
        floor.Add(await page.EvaluateAsync<double>("() => performance.now()"));
        await context.CloseAsync();
    }

    Console.WriteLine($"floor (unknown client: circuit start and layout only): {string.Join(", ", floor.Select(f => $"{f:N0} ms"))}");
    var times = new List<double>();
    for (var i = 0; i < repeats; i++)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = baseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        // Marks when the circuit first drew the page (its loading bar, or the data itself when the read is quick).
        await context.AddInitScriptAsync("""
            new MutationObserver((_, observer) => {
                if (!window.__circuitUp && document.querySelector('[data-testid=data-loading], [data-testid=kpi-orders]')) {
                    window.__circuitUp = performance.now();
                    observer.disconnect();
                }
            }).observe(document, { childList: true, subtree: true });
            """);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        // Where the time goes: the page's own load, the circuit's first message, and what the circuit sends.
        long received = 0;
        var frames = 0;
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
        {
            Interlocked.Add(ref received, frame.Binary?.Length ?? System.Text.Encoding.UTF8.GetByteCount(frame.Text ?? ""));
            Interlocked.Increment(ref frames);
        };
        await page.GotoAsync($"/data/{account}");
        await page.Locator("[data-testid=kpi-orders]").WaitForAsync();
        await page.Locator("[data-testid=chart-revenue-bars]").WaitForAsync();
        var ms = await page.EvaluateAsync<double>("() => performance.now()");
        var loaded = await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].loadEventEnd");
        var circuit = await page.EvaluateAsync<double>("() => window.__circuitUp ?? 0");
        var svg = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('svg.day-chart')].reduce((n, s) => n + s.outerHTML.length, 0)");
        var elements = await page.EvaluateAsync<int>("() => document.querySelectorAll('*').length");
        times.Add(ms);
        Console.WriteLine($"render {i + 1}: {ms:N0} ms (page loaded at {loaded:N0} ms, circuit drew at {circuit:N0} ms; circuit sent {Interlocked.Read(ref received):N0} bytes in {frames} frames; charts' SVG {svg:N0} chars; {elements:N0} elements)");
        await context.CloseAsync();
    }

    var sorted = times.Order().ToList();
    Console.WriteLine($"load average after: {LoadAverage()}");
    Console.WriteLine($"viewer first render ({account}, {orders:N0} orders, {days} days, embedded store): first {times[0]:N0} ms, median {sorted[sorted.Count / 2]:N0} ms, best {sorted[0]:N0} ms, worst {sorted[^1]:N0} ms");
    return 0;
}
finally
{
    app.Kill(entireProcessTree: true);
    await app.WaitForExitAsync();
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static async Task<long> OrdersAsync(HttpClient http, string account)
{
    using var summary = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/backfill/data/{account}/summary", UriKind.Relative)));
    return summary.RootElement.GetProperty("summary").GetProperty("orders").GetInt64();
}

static async Task<string?> StateAsync(HttpClient http, string account)
{
    using var status = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/backfill/status/{account}", UriKind.Relative)));
    return status.RootElement.GetProperty("status").GetString();
}
