using System.Diagnostics;
using System.Globalization;
using Backfill.Services.Backfill;
using Backfill.Services.Clients;
using Backfill.Services.Klaviyo;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Backfill.Benchmarks;

/// <summary>
/// Memory of one backfill of <c>--years</c> years (or <c>--days</c> days) into a fresh embedded store, from the sandbox (in a child process, so its web server is not counted) with every
/// rate limit off (memory, not speed, is measured). Prints the peak live managed heap (a full collection every 250 ms,
/// by quarter of the days and after the last day: totals and validation), the peak heap as the GC let it grow (every
/// 50 ms), and the process's peak working set. Run once per range in its own process (benchmarks/memory.sh),
/// so one run's peak cannot hide in another's.
/// </summary>
internal sealed class MemoryBenchmark(MemoryBenchmark.Settings settings)
{
    private const string HeapLimitVariable = "DOTNET_GCHeapHardLimit";

    /// <param name="Days">A range of this many days ending yesterday instead of <paramref name="Years"/> (e.g. the shortest range holding the wholesale day).</param>
    public sealed record Settings(string Account, int Years, int? Days = null);

    public static Settings Parse(string[] args)
    {
        string Option(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        var days = Option("--days", "");
        return new Settings(
            Option("--account", "alder-and-ash"),
            int.Parse(Option("--years", "1"), CultureInfo.InvariantCulture),
            days.Length == 0 ? null : int.Parse(days, CultureInfo.InvariantCulture));
    }

    public async Task<int> RunAsync()
    {
        var limit = Environment.GetEnvironmentVariable(HeapLimitVariable);
        Console.WriteLine($"Memory benchmark: {settings.Account}, {(settings.Days is { } days ? $"{days} days" : $"{settings.Years} year(s)")} ending yesterday, rate limits off, embedded store"
            + (limit is null ? "" : $", GC heap hard limit {Convert.ToInt64(limit, 16) / 1024 / 1024} MB"));
        var directory = Path.Combine(Path.GetTempPath(), "backfill-memory-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var sandbox = StartSandbox();
            try
            {
                var url = await sandbox.ReadLineStartingAsync(MemorySandboxProcess.UrlPrefix)
                    ?? throw new InvalidOperationException("the sandbox process ended before it listened");
                await using var store = new EmbeddedDocumentStore(Path.Combine(directory, "backfill.db"));
                using var app = await StartAppAsync(store, new Uri(url));
                var result = await MeasureAsync(app);
                await app.StopAsync();
                return result;
            }
            finally
            {
                await sandbox.StopAsync();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<int> MeasureAsync(IHost app)
    {
        var coordinator = app.Services.GetRequiredService<IBackfillCoordinator>();
        var id = ClientId.Parse(settings.Account);
        var added = await coordinator.AddClientAsync(new NewClient(settings.Account, settings.Account, SandboxAccount: true));
        if (!added.Accepted)
        {
            Console.WriteLine($"could not add the client: {added.Message}");
            return 1;
        }

        using var largeObjects = Environment.GetEnvironmentVariable("MEMORY_LOH") == "1" ? new LargeObjectAllocations() : null;
        GC.Collect();
        var heapAtStart = GC.GetTotalMemory(forceFullCollection: true);
        long peakHeap = 0;
        // Four quarters of the days, then what runs after the last day (campaign and flow totals, validation).
        var heapByQuarter = new long[5];
        var quarter = 0;
        using var sampling = new CancellationTokenSource();
        // Every live sample, for its median and 95th percentile: a longer run takes more samples, so its maximum alone
        // would rise with its length even if what it holds did not.
        var liveSamples = new List<long>();
        // The largest live heap seen during each phase ("writing 2025-10-23", "validating against Klaviyo"): where the
        // peak is, not only how high.
        var livePerPhase = new Dictionary<string, long>(StringComparer.Ordinal);
        var currentPhase = "";
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            var ticks = 0;
            while (await timer.WaitForNextTickAsync(sampling.Token).AsTask().ContinueWith(t => !t.IsCanceled, TaskScheduler.Default))
            {
                // Four times a second a full collection measures what is live (a 1-year run lasts seconds: sampled once a
                // second its peak could fall between samples); in between, the heap as the GC lets it grow.
                var live = ++ticks % 5 == 0;
                var heap = GC.GetTotalMemory(forceFullCollection: live);
                peakHeap = Math.Max(peakHeap, heap);
                if (live)
                {
                    liveSamples.Add(heap);
                    var phase = Volatile.Read(ref currentPhase);
                    livePerPhase[phase] = Math.Max(livePerPhase.GetValueOrDefault(phase), heap);
                    heapByQuarter[Volatile.Read(ref quarter)] = Math.Max(heapByQuarter[Volatile.Read(ref quarter)], heap);
                }
            }
        });

        var clock = Stopwatch.StartNew();
        using var subscription = coordinator.Subscribe();
        var started = await coordinator.StartAsync(id, settings.Days is { } range ? new BackfillRequest(Days: range) : new BackfillRequest(Years: settings.Years));
        if (!started.Accepted)
        {
            Console.WriteLine($"could not start: {started.Message}");
            return 1;
        }

        BackfillStatus? done = null;
        var lastPhase = "";
        while (done is null && await subscription.Updates.WaitToReadAsync())
        {
            while (subscription.Updates.TryRead(out var board))
            {
                var status = board.Find(id)!;
                lastPhase = status.Phase ?? lastPhase;
                Volatile.Write(ref currentPhase, status.Phase ?? "");
                if (status.Phase is { } phase && (phase.StartsWith("validating", StringComparison.Ordinal) || phase.StartsWith("writing campaign", StringComparison.Ordinal)))
                {
                    Volatile.Write(ref quarter, 4);
                }
                else if (status.TotalDays > 0)
                {
                    Volatile.Write(ref quarter, Math.Min(3, status.DaysCompleted * 4 / status.TotalDays));
                }

                if (status.State is BackfillState.Completed or BackfillState.Failed or BackfillState.Cancelled)
                {
                    done = status;
                }
            }
        }

        await sampling.CancelAsync();
        await sampler;
        var wall = clock.Elapsed;
        if (done!.State != BackfillState.Completed)
        {
            Console.WriteLine($"backfill {done.State} after {done.DaysCompleted:N0} of {done.TotalDays:N0} days ({lastPhase}): {done.Error}");
            return 1;
        }

        Console.WriteLine($"days: {done.TotalDays:N0}; orders: {done.Orders:N0}; skipped events: {done.SkippedEvents:N0}; wall time: {wall.TotalSeconds:N1} s");
        liveSamples.Sort();
        Console.WriteLine($"live managed heap (after a full GC, every 250 ms): start {Mb(heapAtStart)}, peak {Mb(Percentile(liveSamples, 1))}; peak per quarter of the days {string.Join(" / ", heapByQuarter.Take(4).Select(Mb))}; after the last day (totals, validation) {Mb(heapByQuarter[4])}");
        Console.WriteLine($"live heap samples: {liveSamples.Count:N0}; median {Mb(Percentile(liveSamples, 0.5))}, 95th percentile {Mb(Percentile(liveSamples, 0.95))}");
        Console.WriteLine($"managed heap as the GC let it grow (sampled every 50 ms): peak {Mb(peakHeap)}");
        Console.WriteLine("largest live heaps by phase: " + string.Join("; ", livePerPhase
            .OrderByDescending(p => p.Value).Take(4).Select(p => $"{(p.Key.Length == 0 ? "(none)" : p.Key)} {p.Value / 1024.0 / 1024.0:N1} MB")));
        if (largeObjects is not null)
        {
            Console.WriteLine("large object heap allocation samples by type: " + largeObjects.Report());
        }

        Console.WriteLine($"process peak working set: {Mb(Process.GetCurrentProcess().PeakWorkingSet64)}");
        return 0;
    }

    private static async Task<IHost> StartAppAsync(IDocumentStore store, Uri sandbox)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Benchmark", DisableDefaults = true });
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("MEMORY_LOG") == "1")
        {
            // A run that fails under HEAP_LIMIT_MB says where it ran out (the status keeps only the message).
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        }

        // The client's own reporting limits off too: this measures memory, and a 10-year run must not wait for quotas.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Klaviyo:Limits:campaign-values-reports:Steady"] = "0",
            ["Klaviyo:Limits:campaign-values-reports:Daily"] = "0",
            ["Klaviyo:Limits:campaign-values-reports:Burst"] = "0",
            ["Klaviyo:Limits:flow-values-reports:Steady"] = "0",
            ["Klaviyo:Limits:flow-values-reports:Daily"] = "0",
            ["Klaviyo:Limits:flow-values-reports:Burst"] = "0",
            ["Klaviyo:Limits:flow-series-reports:Steady"] = "0",
            ["Klaviyo:Limits:flow-series-reports:Daily"] = "0",
            ["Klaviyo:Limits:flow-series-reports:Burst"] = "0",
        });
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<IKlaviyoSandboxAddress>(new FixedKlaviyoSandboxAddress(sandbox));
        builder.Services.AddBackfill();
        var app = builder.Build();
        await app.StartAsync();
        return app;
    }

    /// <summary>
    /// The sandbox in a child process, started without the heap limit (the runtime read it at start; the child would
    /// inherit it and serve ten years of history under the engine's limit).
    /// </summary>
    private static FleetChild StartSandbox()
    {
        var limit = Environment.GetEnvironmentVariable(HeapLimitVariable);
        Environment.SetEnvironmentVariable(HeapLimitVariable, null);
        try
        {
            return FleetChild.Start("memory-sandbox");
        }
        finally
        {
            Environment.SetEnvironmentVariable(HeapLimitVariable, limit);
        }
    }

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:N0} MB";

    /// <summary>The value at <paramref name="fraction"/> of the sorted samples (0 when there are none).</summary>
    private static long Percentile(List<long> sorted, double fraction) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(fraction * sorted.Count))];
}
