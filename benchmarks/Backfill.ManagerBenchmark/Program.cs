using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Backfill.ManagerBenchmark;
using static Backfill.Benchmarks.Shared.BrowserBenchmarkHost;

// The manager with an agency's fleet: the app runs as its own process (Development: the in-process sandbox) with
// --clients registered clients (the three fixed demo accounts plus sandbox accounts generated from --seed) and --running
// of them backfilling. Measured in Chromium: the first render of "/" until the circuit is interactive and the grid shows
// its first row (--repeats fresh contexts, median; timed in the page by a MutationObserver, with where the time went:
// FirstRenderTimeline), the updates the open page receives per second (SignalR frames from the server, and DOM mutation
// batches), and the CPU the board costs the server: the thread CPU the open page spent on board snapshots, read from
// the app's /metrics (backfill_manager_board_render_cpu_seconds_total), as a share of one core. The process CPU with
// and without the page is printed too; the runs' own CPU drifts too much for that difference to mean anything.
var clients = int.Parse(Option("--clients") ?? "500", CultureInfo.InvariantCulture);
var running = int.Parse(Option("--running") ?? "12", CultureInfo.InvariantCulture);
var seconds = int.Parse(Option("--seconds") ?? "20", CultureInfo.InvariantCulture);
var repeats = int.Parse(Option("--repeats") ?? "5", CultureInfo.InvariantCulture);
var seed = Option("--seed") ?? "1";
// Only the first renders and their breakdown (no update window, no CPU windows): for trying a change quickly.
var firstRenderOnly = args.Contains("--first-render-only");
var web = Option("--web") ?? throw new ArgumentException("--web path/to/Backfill.Web.dll is required");
const int FixedAccounts = 3;

var directory = Path.Combine(Path.GetTempPath(), "manager-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(directory);
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
start.Environment["Storage__Embedded__Path"] = Path.Combine(directory, "app.db");
start.Environment["Logging__LogLevel__Default"] = "Warning";
start.Environment["Klaviyo__Sandbox__RegisterDemoClients"] = "true";
start.Environment["Klaviyo__Sandbox__GeneratedAccounts__Count"] = (clients - FixedAccounts).ToString(CultureInfo.InvariantCulture);
start.Environment["Klaviyo__Sandbox__GeneratedAccounts__Seed"] = seed;
start.Environment["Backfill__MaxParallelClients"] = running.ToString(CultureInfo.InvariantCulture);
start.Environment["Schedules__Enabled"] = "false";
using var app = Process.Start(start)!;
app.OutputDataReceived += (_, _) => { };
app.ErrorDataReceived += (_, e) => { if (e.Data is not null && e.Data.Contains("fail", StringComparison.OrdinalIgnoreCase)) { Console.Error.WriteLine(e.Data); } };
app.BeginOutputReadLine();
app.BeginErrorReadLine();
try
{
    using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
    await WaitForAsync(async () => (await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode != HttpStatusCode.ServiceUnavailable, TimeSpan.FromMinutes(3));
    await WaitForAsync(async () => await CountAsync(http) >= clients, TimeSpan.FromMinutes(5));
    Console.WriteLine($"{await CountAsync(http)} clients registered (3 demo + {clients - FixedAccounts} generated, seed {seed}); load average: {LoadAverage()}");

    // Two years of the first generated accounts: long enough to still run while everything is measured.
    var started = new List<string>();
    for (var i = 1; started.Count < running; i++)
    {
        var id = $"gen-{i:D4}";
        using var response = await http.PostAsync(new Uri($"/api/backfill/start/{id}?days=730", UriKind.Relative), null);
        if (response.IsSuccessStatusCode)
        {
            started.Add(id);
        }
    }

    await WaitForAsync(async () => await RunningAsync(http) >= running, TimeSpan.FromMinutes(2));
    Console.WriteLine($"{running} running: {string.Join(", ", started)}");

    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = FindChromium(),
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    });

    var probe = await browser.NewPageAsync();
    probe.Console += (_, message) => Console.Error.WriteLine($"browser console: {message.Text}");
    probe.PageError += (_, error) => Console.Error.WriteLine($"browser error: {error}");
    await probe.GotoAsync(baseAddress.ToString());
    await probe.Locator("[data-interactive=true]").WaitForAsync(new() { Timeout = 180_000 });
    Console.WriteLine($"warm-up render: {await probe.EvaluateAsync<double>("() => performance.now()"):N0} ms");
    // Unloading the page makes blazor.web.js tell the server to end its circuit; closing a context without it leaves the
    // circuit kept for a reconnect (3 minutes by default), still rendering board snapshots, which the open page's
    // render figures below would include.
    await probe.CloseAsync(new() { RunBeforeUnload = true });

    var renders = new List<double>();
    var firstRenderBytes = new List<long>();

    // The grid shows a screenful of rows first and the rest of its page in the next batch: the whole first page
    // (Backfill:PageSize, 50) is timed too, so the first row's time is never read as the page's.
    const int PageSize = 50;
    var wholePage = Math.Min(clients, PageSize);
    var pageRenders = new List<double>();
    var pageBytes = new List<long>();
    var timelines = new List<FirstRenderTimeline>();
    var harness = new List<double>();
    for (var i = 0; i < repeats; i++)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = baseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        await context.AddInitScriptAsync(FirstRenderTimeline.InitScript);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        if (i == 0)
        {
            // What the browser is sent for the page's scripts and style sheets: compressed or not, and how big.
            page.Response += (_, response) =>
            {
                var path = new Uri(response.Url).AbsolutePath;
                if (path.EndsWith(".js", StringComparison.Ordinal) || path.EndsWith(".css", StringComparison.Ordinal) || path == "/")
                {
                    Console.WriteLine($"  {path}: {response.Status}, Content-Encoding {response.Headers.GetValueOrDefault("content-encoding") ?? "none"}, "
                        + $"Content-Length {response.Headers.GetValueOrDefault("content-length") ?? "?"}, Cache-Control {response.Headers.GetValueOrDefault("cache-control") ?? "none"}");
                }
            };
        }

        long firstBytes = 0, firstFrames = 0;
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
        {
            Interlocked.Increment(ref firstFrames);
            Interlocked.Add(ref firstBytes, frame.Binary?.Length ?? frame.Text?.Length ?? 0);
        };
        await page.GotoAsync("/");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.Locator("tr[data-testid^='client-row-']").First.WaitForAsync();
        // What the harness sees: Playwright's waits poll and answer over its own connection, tens to hundreds of
        // milliseconds after the page drew (the figure printed before the in-page timeline existed).
        var ms = await page.EvaluateAsync<double>("() => performance.now()");
        harness.Add(ms);
        firstRenderBytes.Add(Interlocked.Read(ref firstBytes));
        await page.WaitForFunctionAsync("() => window.__firstRender.firstRow !== null");
        var timeline = FirstRenderTimeline.Parse(await page.EvaluateAsync<JsonElement>(FirstRenderTimeline.ReadScript));
        timelines.Add(timeline);
        renders.Add(timeline.Shown ?? ms);
        Console.WriteLine($"  breakdown {i + 1}: {timeline.Describe()}");
        await page.WaitForFunctionAsync("n => document.querySelectorAll(\"tr[data-testid^='client-row-']\").length >= n", wholePage);
        var harnessPageMs = await page.EvaluateAsync<double>("() => performance.now()");
        var rowCounts = await page.EvaluateAsync<JsonElement>(FirstRenderTimeline.RowsScript);
        var pageMs = rowCounts.EnumerateArray().Where(r => r[1].GetInt32() >= wholePage).Select(r => r[0].GetDouble()).DefaultIfEmpty(harnessPageMs).First();
        // Give parts rendered after the rows (bulk bar, sort, pagination) time to arrive before the shift is read.
        await Task.Delay(500);
        if (i == 0)
        {
            // How many rows a screen shows (ClientGrid.FirstRenderRows).
            Console.WriteLine($"  heights (px): bulk bar {await page.EvaluateAsync<double>("() => document.querySelector('[data-testid=bulk-bar]')?.getBoundingClientRect().height ?? -1")}, "
                + $"toolbar {await page.EvaluateAsync<double>("() => document.querySelector('.backfill-toolbar')?.getBoundingClientRect().height ?? -1")}, "
                + $"row {await page.EvaluateAsync<double>("() => document.querySelector(\"tr[data-testid^='client-row-']\")?.getBoundingClientRect().height ?? -1")}, "
                + $"first row top {await page.EvaluateAsync<double>("() => document.querySelector(\"tr[data-testid^='client-row-']\")?.getBoundingClientRect().top ?? -1")}");
        }

        Console.WriteLine($"  layout shift (cumulative, Layout Instability API) by the first row {timeline.LayoutShift:N3}, half a second after the whole first page {await page.EvaluateAsync<double>(FirstRenderTimeline.ShiftScript):N3}");
        pageRenders.Add(pageMs);
        pageBytes.Add(Interlocked.Read(ref firstBytes));
        Console.WriteLine(
            $"first render {i + 1}: {renders[^1]:N0} ms in the page (the harness saw it at {ms:N0} ms; {Interlocked.Read(ref firstFrames)} frames, {firstRenderBytes[^1] / 1024.0:N1} KiB over the circuit by then); "
            + $"all {wholePage} rows of the first page {pageMs:N0} ms ({pageBytes[^1] / 1024.0:N1} KiB)");
        await page.CloseAsync(new() { RunBeforeUnload = true });
        await context.CloseAsync();
    }

    PrintPhases(timelines);
    if (firstRenderOnly)
    {
        var firstOnly = renders.Order().ToList();
        Console.WriteLine($"load average: {LoadAverage()}");
        Console.WriteLine($"manager ({clients} clients, {running} running): first render median {firstOnly[firstOnly.Count / 2]:N0} ms (best {firstOnly[0]:N0}, worst {firstOnly[^1]:N0}; as the harness saw it {harness.Order().ElementAt(harness.Count / 2):N0}); "
            + $"first render over the circuit {firstRenderBytes.Order().ElementAt(firstRenderBytes.Count / 2) / 1024.0:N0} KiB; whole first page median {pageRenders.Order().ElementAt(pageRenders.Count / 2):N0} ms");
        return 0;
    }

    var idleBefore = await CpuShareAsync(app, seconds);
    Console.WriteLine($"server CPU, {running} running, no page: {idleBefore:P1} of one core");

    var watching = await browser.NewContextAsync(new() { BaseURL = baseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
    var open = await watching.NewPageAsync();
    open.SetDefaultTimeout(60_000);
    long frames = 0, bytes = 0;
    var counting = false;
    open.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
    {
        if (Volatile.Read(ref counting))
        {
            Interlocked.Increment(ref frames);
            Interlocked.Add(ref bytes, frame.Binary?.Length ?? frame.Text?.Length ?? 0);
        }
    };
    await open.GotoAsync("/");
    await open.Locator("[data-interactive=true]").WaitForAsync();
    await open.Locator("tr[data-testid^='client-row-']").First.WaitForAsync();
    await open.EvaluateAsync("() => { window.__batches = 0; new MutationObserver(() => window.__batches++).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true }); }");
    await Task.Delay(TimeSpan.FromSeconds(2));
    Volatile.Write(ref counting, true);
    await open.EvaluateAsync("() => window.__batches = 0");
    var circuitsBefore = await MetricAsync(http, "backfill_manager_board_snapshots_total");
    await Task.Delay(TimeSpan.FromSeconds(2));
    var pagesRendering = (await MetricAsync(http, "backfill_manager_board_snapshots_total") - circuitsBefore) / 2;
    Console.WriteLine($"snapshots/s handled by all manager circuits before the window: {pagesRendering:N1} (one open page: about 4 while runs progress)");
    var renderBefore = await MetricAsync(http, "backfill_manager_board_render_seconds_total");
    var cpuBefore = await MetricAsync(http, "backfill_manager_board_render_cpu_seconds_total");
    var snapshotsBefore = await MetricAsync(http, "backfill_manager_board_snapshots_total");
    var window = Stopwatch.StartNew();
    var withPage = await CpuShareAsync(app, seconds);
    Volatile.Write(ref counting, false);
    var renderShare = (await MetricAsync(http, "backfill_manager_board_render_seconds_total") - renderBefore) / window.Elapsed.TotalSeconds;
    var snapshotsPerSecond = (await MetricAsync(http, "backfill_manager_board_snapshots_total") - snapshotsBefore) / window.Elapsed.TotalSeconds;
    var renderCpuShare = (await MetricAsync(http, "backfill_manager_board_render_cpu_seconds_total") - cpuBefore) / window.Elapsed.TotalSeconds;
    var mutations = await open.EvaluateAsync<long>("() => window.__batches");
    var stillRunning = await RunningAsync(http);
    await watching.CloseAsync();
    Console.WriteLine($"server CPU, {running} running, page open: {withPage:P1} of one core ({stillRunning} still running at the end)");

    var idleAfter = await CpuShareAsync(app, seconds);
    Console.WriteLine($"server CPU, {running} running, no page (after): {idleAfter:P1} of one core");

    var sorted = renders.Order().ToList();
    var sortedPage = pageRenders.Order().ToList();
    var board = withPage - ((idleBefore + idleAfter) / 2);
    Console.WriteLine($"load average: {LoadAverage()}");
    Console.WriteLine(
        $"manager ({clients} clients, {running} running): first render median {sorted[sorted.Count / 2]:N0} ms (best {sorted[0]:N0}, worst {sorted[^1]:N0}; as the harness saw it {harness.Order().ElementAt(harness.Count / 2):N0}); "
        + $"updates to the browser {frames / (double)seconds:N1} SignalR frames/s ({bytes / (double)seconds / 1024:N1} KiB/s), "
        + $"{mutations / (double)seconds:N1} DOM mutation batches/s; board CPU (the page's snapshot handling, thread CPU) {renderCpuShare:P2} of one core, wall {renderShare:P2} "
        + $"({snapshotsPerSecond:N1} snapshots/s, {(snapshotsPerSecond > 0 ? renderCpuShare / snapshotsPerSecond * 1000 : 0):N2} ms CPU each); process CPU page open {withPage:P1} vs without {(idleBefore + idleAfter) / 2:P1} "
        + $"(difference {board:P1}, within the runs' drift); first render over the circuit {firstRenderBytes.Order().ElementAt(firstRenderBytes.Count / 2) / 1024.0:N0} KiB; "
        + $"whole first page ({wholePage} rows) median {sortedPage[sortedPage.Count / 2]:N0} ms (best {sortedPage[0]:N0}, worst {sortedPage[^1]:N0}), {pageBytes.Order().ElementAt(pageBytes.Count / 2) / 1024.0:N0} KiB");
    return 0;
}
finally
{
    app.Kill(entireProcessTree: true);
    await app.WaitForExitAsync();
    try
    {
        Directory.Delete(directory, recursive: true);
    }
    catch (IOException)
    {
    }
}

// The median of each phase over the repeats, and what lies between them.
static void PrintPhases(IReadOnlyList<FirstRenderTimeline> timelines)
{
    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }

    double Phase(Func<FirstRenderTimeline, double?> of) => Median(timelines.Select(of).Where(v => v is not null).Select(v => v!.Value));
    var document = Phase(t => t.ResponseEnd);
    var scripts = Phase(t => t.Resources.Where(r => r.Name.EndsWith(".js", StringComparison.Ordinal) || r.Name.EndsWith(".css", StringComparison.Ordinal)).Select(r => (double?)r.End).DefaultIfEmpty().Max());
    var loaded = Phase(t => t.DomContentLoaded);
    var created = Phase(t => t.SocketCreated);
    var open = Phase(t => t.SocketOpen);
    var firstBatch = Phase(t => t.FirstBatch?.At);
    var firstRowBatch = Phase(t => t.Batches.LastOrDefault()?.At);
    var interactive = Phase(t => t.Interactive);
    var firstRow = Phase(t => t.FirstRow);
    var batchBytes = Median(timelines.Select(t => (double)(t.FirstBatch?.Bytes ?? 0)));
    var beforeRowBytes = Median(timelines.Select(t => (double)t.Batches.Sum(b => b.Bytes)));
    Console.WriteLine(
        $"first render phases (median ms from navigation start): document {document:N0}; scripts and styles loaded {scripts:N0}; DOMContentLoaded {loaded:N0}; "
        + $"WebSocket created {created:N0}, open {open:N0}; first render batch {firstBatch:N0} ({batchBytes / 1024:N1} KiB); "
        + $"last batch before the first row {firstRowBatch:N0} (all batches to it {beforeRowBytes / 1024:N1} KiB); interactive marker {interactive:N0}; first row {firstRow:N0}");
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

// The process's user + system CPU (clock ticks of /proc/{pid}/stat, 100 a second) over the window, per wall second.
static async Task<double> CpuShareAsync(Process process, int seconds)
{
    var before = CpuTicks(process.Id);
    var clock = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    return (CpuTicks(process.Id) - before) / 100.0 / clock.Elapsed.TotalSeconds;
}

static long CpuTicks(int pid)
{
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
}

// A counter of the app's Prometheus scrape (local mode: no key needed); 0 before its first increment.
static async Task<double> MetricAsync(HttpClient http, string name)
{
    var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
    return text.Split('\n')
        .Where(line => line.StartsWith(name, StringComparison.Ordinal) && (line.Length == name.Length || line[name.Length] is ' ' or '{'))
        .Sum(line => double.Parse(line[(line.Contains('}', StringComparison.Ordinal) ? line.LastIndexOf('}') + 1 : name.Length)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
}

static async Task<int> CountAsync(HttpClient http)
{
    using var list = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/clients", UriKind.Relative)));
    return list.RootElement.GetArrayLength();
}

static async Task<int> RunningAsync(HttpClient http)
{
    using var list = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/clients", UriKind.Relative)));
    return list.RootElement.EnumerateArray().Count(c => c.GetProperty("status").GetString() is "in_progress" or "waiting_rate_limit");
}
