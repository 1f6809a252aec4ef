using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Backfill.Services.Klaviyo;
using Backfill.Services.Klaviyo.RateLimiting;

namespace Backfill.Benchmarks;

/// <summary>
/// Pulls a year of "Placed Order" events from the in-process sandbox (Klaviyo's real rate limits) through the
/// production client, once sequentially and once per parallel-slice degree, and reports throughput, requests
/// against the minimum, 429s, memory and the rate-limit lower bound.
/// </summary>
internal sealed class KlaviyoBenchmark(KlaviyoBenchmark.Settings settings)
{
    public sealed record Settings(int Days, IReadOnlyList<int> Parallelism, string Account, DateOnly HistoryEnd, int LatencyMs, bool Sequential, bool Raw);

    private const int PageSize = 1000;
    /// <summary>Enough pages on each path for the tiered JIT to finish with the hot loops of client and sandbox.</summary>
    private const int WarmupDays = 60;

    private readonly List<ModeResult> _results = [];

    /// <summary>The sandbox's public demo key for the account (not a secret).</summary>
    private string SandboxKey => "pk_sandbox_" + settings.Account;

    public static Settings Parse(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        var parallelism = Value("--parallelism") is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray()
            : [2, 4, 8, 16];
        return new Settings(
            Days: Value("--days") is { } days ? int.Parse(days, CultureInfo.InvariantCulture) : 365,
            Parallelism: parallelism,
            Account: Value("--account") ?? "northloop-outfitters",
            HistoryEnd: Value("--history-end") is { } end ? DateOnly.ParseExact(end, "yyyy-MM-dd", CultureInfo.InvariantCulture) : new DateOnly(2026, 6, 30),
            LatencyMs: Value("--latency-ms") is { } latency ? int.Parse(latency, CultureInfo.InvariantCulture) : 0,
            Sequential: !args.Contains("--skip-sequential"),
            Raw: !args.Contains("--skip-raw"));
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var gcLimit = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}; .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}, "
            + $"GC memory limit {Mb(gcLimit)}{(AppContext.GetData("GCHeapHardLimit") is null && Environment.GetEnvironmentVariable("DOTNET_GCHeapHardLimit") is null ? " (no hard limit)" : " (heap hard limit)")}");
        await using var host = await KlaviyoSandboxHost.StartAsync(settings.HistoryEnd, settings.Account, settings.LatencyMs, cancellationToken);
        var limit = KlaviyoBuckets.Resolve(KlaviyoBuckets.Events, host.ClientOptions);
        var sandbox = host.SandboxOptions;
        if (!sandbox.RateLimitsEnabled || sandbox.RateLimits.Count > 0 || host.ClientOptions.Limits.Count > 0)
        {
            Console.WriteLine("Refusing to run: configuration overrides the Klaviyo rate limits (Klaviyo:Sandbox:RateLimits*, Klaviyo:Limits).");
            return 2;
        }

        Console.WriteLine($"Sandbox: {host.BaseUrl} (in-process Kestrel), history {sandbox.HistoryDays} days ending {sandbox.HistoryEndDate:yyyy-MM-dd}, seed {sandbox.Seed}; "
            + $"events limit {limit.Burst}/s burst, {limit.Steady}/min steady (Klaviyo's tier, enforced by the sandbox and the client); "
            + (settings.LatencyMs > 0 ? $"added latency {settings.LatencyMs} ms per response" : "no added latency"));

        var context = new KlaviyoAccountContext(new KlaviyoApiKey(SandboxKey), settings.Account, BaseUrl: host.BaseUrl);

        // The calls every pull makes once before paging events: the account (timezone) and the Placed Order metric.
        var setupClient = host.ClientFactory.Create(context);
        var setupWatch = Stopwatch.StartNew();
        var account = await setupClient.GetAccountAsync(cancellationToken);
        var metric = await setupClient.FindPlacedOrderMetricAsync(null, cancellationToken);
        setupWatch.Stop();
        if (metric is null)
        {
            Console.WriteLine($"Account {settings.Account} has no Placed Order metric.");
            return 1;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(account.TimeZone);
        var toUtc = LocalMidnightUtc(settings.HistoryEnd.AddDays(1), zone);
        var fromUtc = LocalMidnightUtc(settings.HistoryEnd.AddDays(1 - settings.Days), zone);
        Console.WriteLine($"Setup: account {account.Id} ({account.TimeZone}), metric {metric.Id} \"{metric.Name}\" ({metric.IntegrationName}); "
            + $"{setupClient.Statistics.Requests} fixed calls (accounts, metrics) in {setupWatch.Elapsed.TotalMilliseconds:N0} ms, {setupClient.Statistics.Throttled} 429s");
        Console.WriteLine($"Window: {settings.Days} days, {fromUtc:u} to {toUtc:u} (local midnights in {account.TimeZone}); page size {PageSize}, include=profile,attributions");

        // The first pull in a process runs while the JIT is still optimising client and sandbox (and the GC sizes
        // its budgets); it is shown, but not compared. The parallel path pages through the same code as the
        // sequential one, and a short sequential pull warms the rest.
        var coldDegree = host.ClientOptions.EventSliceParallelism;
        var coldWatch = Stopwatch.StartNew();
        var cold = await DrainAsync(host.ClientFactory.Create(context).GetEventsInParallelSlicesAsync(metric.Id, fromUtc, toUtc, coldDegree, cancellationToken), fromUtc, toUtc);
        coldWatch.Stop();
        var warmFrom = toUtc.AddDays(-WarmupDays);
        await DrainAsync(host.ClientFactory.Create(context).GetPlacedOrderEventsAsync(metric.Id, warmFrom, toUtc, cancellationToken), warmFrom, toUtc);
        Console.WriteLine($"Cold first pull (warm-up, not compared): parallel x{coldDegree}, {cold.Count:N0} events in {coldWatch.Elapsed.TotalSeconds:N2} s");
        Console.WriteLine();

        if (settings.Sequential)
        {
            var client = host.ClientFactory.Create(context);
            await RunModeAsync("sequential", client, parallelism: null, host.EventRequests,
                () => client.GetPlacedOrderEventsAsync(metric.Id, fromUtc, toUtc, cancellationToken), fromUtc, toUtc, limit);
        }

        foreach (var degree in settings.Parallelism)
        {
            var client = host.ClientFactory.Create(context);
            await RunModeAsync($"parallel x{degree}", client, degree, host.EventRequests,
                () => client.GetEventsInParallelSlicesAsync(metric.Id, fromUtc, toUtc, degree, cancellationToken), fromUtc, toUtc, limit);
        }

        if (settings.Raw)
        {
            await RunRawAsync(host.BaseUrl, SandboxKey, metric.Id, fromUtc, toUtc, cancellationToken);
        }

        return PrintSummary(setupWatch.Elapsed, setupClient.Statistics.Requests);
    }

    private async Task RunModeAsync(
        string name, IKlaviyoClient client, int? parallelism, KlaviyoRequestWindows windows, Func<IAsyncEnumerable<KlaviyoEvent>> pull,
        DateTimeOffset fromUtc, DateTimeOffset toUtc, KlaviyoRateLimit limit)
    {
        var baseline = Baseline.Take();
        windows.Reset();
        using var sampler = new HeapSampler();
        var watch = Stopwatch.StartNew();
        var check = await DrainAsync(pull(), fromUtc, toUtc);
        watch.Stop();
        var statistics = client.Statistics;
        var result = new ModeResult(name, parallelism, check, watch.Elapsed, statistics.Requests, statistics.Throttled,
            baseline.Measure(sampler), windows.Snapshot());
        _results.Add(result);
        Print(result, limit);
    }

    /// <summary>
    /// Server and socket with the least a client must do: the same pages fetched sequentially with a plain
    /// HttpClient into a reused buffer and parsed once only to find <c>links.next</c>. The gap to the sequential
    /// mode is what the production client's pipeline, clone and mapping cost.
    /// </summary>
    private static async Task RunRawAsync(Uri baseUrl, string apiKey, string metricId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseUrl };
        var filter = $"and(equals(metric_id,\"{metricId}\"),greater-or-equal(datetime,{fromUtc.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}),less-than(datetime,{toUtc.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}))";
        var next = "api/events?filter=" + Uri.EscapeDataString(filter) + "&sort=datetime&include=profile%2Cattributions"
            + "&fields%5Bprofile%5D=" + Uri.EscapeDataString("email,first_name,last_name,external_id,phone_number,location") + "&page%5Bsize%5D=1000";
        var baseline = Baseline.Take();
        using var sampler = new HeapSampler();
        using var buffer = new MemoryStream();
        long requests = 0, throttled = 0, bytes = 0, events = 0;
        var watch = Stopwatch.StartNew();
        while (next is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Authorization = new AuthenticationHeaderValue("Klaviyo-API-Key", apiKey);
            request.Headers.Add("revision", "2026-07-15");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.api+json"));
            using var response = await http.SendAsync(request, cancellationToken);
            requests++;
            if ((int)response.StatusCode == 429)
            {
                throttled++;
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                continue;
            }

            response.EnsureSuccessStatusCode();
            buffer.SetLength(0);
            await response.Content.CopyToAsync(buffer, cancellationToken);
            bytes += buffer.Length;
            (next, var count) = NextAndCount(new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length));
            events += count;
        }

        watch.Stop();
        var memory = baseline.Measure(sampler);
        Console.WriteLine($"raw HttpClient + bare JsonDocument (server, socket and one parse; no pipeline, no mapping): {events:N0} events, {requests} requests, {throttled} 429s in {watch.Elapsed.TotalSeconds:N2} s "
            + $"= {events / watch.Elapsed.TotalSeconds:N0} events/s, {watch.Elapsed.TotalMilliseconds / Math.Max(1, requests):N0} ms per page, "
            + $"{bytes / Math.Max(1, requests) / 1024.0:N0} KiB per page; CPU {memory.CpuSeconds:N1} s; allocated {Mb(memory.AllocatedBytes)}, heap left after GCs peak {Mb(memory.PeakAfterGcBytes)}");
        Console.WriteLine();
    }

    private static (string? Next, int Count) NextAndCount(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var next = root.TryGetProperty("links", out var links) && links.TryGetProperty("next", out var n) && n.ValueKind == JsonValueKind.String
            ? n.GetString()
            : null;
        return (next, root.GetProperty("data").GetArrayLength());
    }

    private static async Task<KlaviyoEventStreamCheck> DrainAsync(IAsyncEnumerable<KlaviyoEvent> events, DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        var check = new KlaviyoEventStreamCheck(fromUtc, toUtc);
        await foreach (var item in events)
        {
            check.Add(item);
        }

        return check;
    }

    private static void Print(ModeResult r, KlaviyoRateLimit limit)
    {
        var seconds = r.Elapsed.TotalSeconds;
        var minimum = MinimumRequests(r.Check.Count);
        var bound = KlaviyoRateBound.MinimumSeconds(r.Requests, limit.Burst, limit.Steady);
        var steady = KlaviyoRateBound.SteadyRateSeconds(r.Requests, limit.Steady);
        var inFlight = r.Parallelism ?? 1;
        Console.WriteLine($"{r.Name}: {r.Check.Count:N0} events in {seconds:N2} s = {r.Check.Count / seconds:N0} events/s");
        Console.WriteLine($"  requests: {r.Requests} to the events endpoint, minimum {minimum} = ceil(events / {PageSize})"
            + (r.Parallelism is { } p ? $"; {p * 4} slices, each ends on a part page, so up to {minimum + p * 4 - 1} expected" : string.Empty)
            + $"; 429s: {r.Throttled}");
        Console.WriteLine($"  rate-limit bound for {r.Requests} requests: {bound:N2} s in fixed windows ({limit.Burst}/s, {limit.Steady}/min); "
            + $"{steady:N2} s at the steady rate alone; actual/bound {(bound > 0 ? (seconds / bound).ToString("N2", CultureInfo.InvariantCulture) : "n/a (bound 0: all fit in one burst window)")}, "
            + $"actual/steady {seconds / Math.Max(steady, 1e-9):N2} -> {(seconds > bound * 1.1 ? "latency binds" : "the rate limit binds")}: "
            + $"{seconds * 1000 * inFlight / Math.Max(1, r.Requests):N0} ms per page with {inFlight} in flight, {r.Requests / seconds:N1} requests/s against {limit.Burst}/s allowed");
        Console.WriteLine($"  server-side windows: busiest second {r.Windows.MaxPerSecond} requests (limit {limit.Burst}), busiest minute {r.Windows.MaxPerMinute} (limit {limit.Steady}), spread over {r.Windows.Seconds} one-second windows");
        Console.WriteLine($"  memory: heap left after GCs peak {Mb(r.Memory.PeakAfterGcBytes)} (before the mode {Mb(r.Memory.HeapBeforeBytes)}, after it {Mb(r.Memory.HeapAfterBytes)}); "
            + $"managed heap incl. uncollected garbage peak {Mb(r.Memory.PeakHeapBytes)}; working set peak {Mb(r.Memory.PeakWorkingSetBytes)} (process lifetime peak {Mb(r.Memory.ProcessPeakWorkingSetBytes)}); "
            + $"allocated {Mb(r.Memory.AllocatedBytes)} ({r.Memory.AllocatedBytes / (double)Math.Max(1, r.Check.Count) / 1024:N1} KiB/event incl. the in-process sandbox), gen2 GCs {r.Memory.Gen2Collections}; "
            + $"CPU {r.Memory.CpuSeconds:N1} s ({r.Memory.CpuSeconds / seconds:N2} cores)");
        Console.WriteLine($"  check: {(r.Check.Passed ? "OK" : "FAILED")} — duplicates {r.Check.Duplicates}, back in time {r.Check.BackInTime}, outside the window {r.Check.OutsideWindow}, "
            + $"same-second id order breaks {r.Check.TieOrderBreaks}; first {r.Check.First:u}, last {r.Check.Last:u}");
        Console.WriteLine();
    }

    private int PrintSummary(TimeSpan setup, long setupRequests)
    {
        if (_results.Count == 0)
        {
            return 0;
        }

        Console.WriteLine($"Summary ({settings.Days} days of {settings.Account}; setup {setupRequests} fixed calls {setup.TotalSeconds:N2} s; load average now {LoadAverage()}):");
        Console.WriteLine($"  {"mode",-14} {"events",9} {"seconds",8} {"events/s",9} {"requests",8} {"min",5} {"429s",5} {"max/s",6} {"post-GC",10} {"heap+garbage",12} {"working set",11} {"check",6}");
        foreach (var r in _results)
        {
            Console.WriteLine($"  {r.Name,-14} {r.Check.Count,9:N0} {r.Elapsed.TotalSeconds,8:N2} {r.Check.Count / r.Elapsed.TotalSeconds,9:N0} {r.Requests,8} {MinimumRequests(r.Check.Count),5} {r.Throttled,5} {r.Windows.MaxPerSecond,6} {Mb(r.Memory.PeakAfterGcBytes),10} {Mb(r.Memory.PeakHeapBytes),12} {Mb(r.Memory.PeakWorkingSetBytes),11} {(r.Check.Passed ? "OK" : "FAILED"),6}");
        }

        var counts = _results.Select(r => r.Check.Count).Distinct().Count();
        var best = _results.Where(r => r.Parallelism is not null).MinBy(r => r.Elapsed);
        var sequential = _results.FirstOrDefault(r => r.Parallelism is null);
        if (best is not null)
        {
            var total = setup + best.Elapsed;
            Console.WriteLine($"Best parallel: {best.Name}, {best.Elapsed.TotalSeconds:N2} s"
                + (sequential is null ? string.Empty : $" ({sequential.Elapsed / best.Elapsed:N1}x sequential)")
                + $"; {settings.Days} days incl. setup {total.TotalSeconds:N2} s -> {(total < TimeSpan.FromMinutes(1) ? "under" : "OVER")} the one-minute target for a year");
        }

        Console.WriteLine(counts == 1 ? "All modes returned the same number of events." : "MODES DISAGREE on the number of events.");
        var failed = _results.Any(r => !r.Check.Passed || r.Throttled > 0) || counts != 1;
        return failed ? 1 : 0;
    }

    private static long MinimumRequests(long events) => Math.Max(1, (events + PageSize - 1) / PageSize);

    private static DateTimeOffset LocalMidnightUtc(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:N1} MB";

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    private sealed record ModeResult(
        string Name, int? Parallelism, KlaviyoEventStreamCheck Check, TimeSpan Elapsed, long Requests, long Throttled, MemoryFigures Memory,
        (int MaxPerSecond, int MaxPerMinute, int Seconds) Windows);

    private sealed record MemoryFigures(
        long HeapBeforeBytes, long PeakHeapBytes, long PeakAfterGcBytes, long HeapAfterBytes, long AllocatedBytes,
        long PeakWorkingSetBytes, long ProcessPeakWorkingSetBytes, int Gen2Collections, double CpuSeconds);

    /// <summary>Process figures at the start of a mode, after a full collection so the heap starts clean.</summary>
    private sealed record Baseline(long HeapBytes, long Allocated, int Gen2, TimeSpan Cpu)
    {
        public static Baseline Take()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using var process = Process.GetCurrentProcess();
            return new Baseline(GC.GetTotalMemory(forceFullCollection: true), GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(2), process.TotalProcessorTime);
        }

        public MemoryFigures Measure(HeapSampler sampler)
        {
            var peaks = sampler.Peaks;
            using var process = Process.GetCurrentProcess();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - Allocated;
            var cpu = (process.TotalProcessorTime - Cpu).TotalSeconds;
            var gen2 = GC.CollectionCount(2) - Gen2;
            return new MemoryFigures(HeapBytes, Math.Max(peaks.Heap, HeapBytes), peaks.AfterGc, GC.GetTotalMemory(forceFullCollection: true), allocated,
                peaks.WorkingSet, process.PeakWorkingSet64, gen2, cpu);
        }
    }

    /// <summary>
    /// Samples every 50 ms: the managed heap including garbage not yet collected, the heap left after the latest
    /// collection and the process working set. Both heap figures include large-object garbage (each page is a
    /// ~4 MB array) until a gen2 collection, so they show GC slack more than what is held; the real test of
    /// flatness is running under a heap hard limit (<c>HEAP_LIMIT_MB</c> in <c>benchmarks/klaviyo.sh</c>).
    /// </summary>
    private sealed class HeapSampler : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly Process _process = Process.GetCurrentProcess();
        private readonly Timer _timer;
        private long _peakHeap;
        private long _peakAfterGc;
        private long _peakWorkingSet;

        public HeapSampler() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));

        public (long Heap, long AfterGc, long WorkingSet) Peaks
        {
            get
            {
                Sample();
                lock (_gate)
                {
                    return (_peakHeap, _peakAfterGc, _peakWorkingSet);
                }
            }
        }

        public void Dispose()
        {
            _timer.Dispose();
            _process.Dispose();
        }

        private void Sample()
        {
            lock (_gate)
            {
                _peakHeap = Math.Max(_peakHeap, GC.GetTotalMemory(false));
                var info = GC.GetGCMemoryInfo(GCKind.Any);
                _peakAfterGc = Math.Max(_peakAfterGc, info.HeapSizeBytes - info.FragmentedBytes);
                _process.Refresh();
                _peakWorkingSet = Math.Max(_peakWorkingSet, _process.WorkingSet64);
            }
        }
    }
}
