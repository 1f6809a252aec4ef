using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Backfill.KlaviyoSandbox;
using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Data;
using Backfill.Services.Clients;
using Backfill.Services.Firestore;
using Backfill.Services.Klaviyo;
using Backfill.Services.Klaviyo.RateLimiting;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Backfill.Benchmarks;

/// <summary>
/// One backfill as the product runs it (coordinator, engine, Klaviyo client, the sandbox with Klaviyo's real rate
/// limits over a real socket) into the emulator and into the embedded store, with the bounds it is judged against:
/// the rate-limit lower bound of the same plan and the store's own bulk-write rate measured in the same run.
/// </summary>
internal sealed class BackfillBenchmark(BackfillBenchmark.Settings settings)
{
    private static readonly string[] CountOnly = ["count"];

    /// <param name="RefreshDays">With <c>--refresh N</c>: after the backfill, a refresh with an N-day lookback is measured too.</param>
    /// <param name="RestSeconds">Seconds between the backfill and the refresh, so Klaviyo's one-minute windows start empty.</param>
    /// <param name="Refreshes">With <c>--refreshes N</c>: the refresh is measured N times, each after the rest (the later ones find nothing new).</param>
    public sealed record Settings(string Account, int Days, bool RunEmulator, bool RunEmbedded, int StoreSample, int? RefreshDays = null, int RestSeconds = 65, int Refreshes = 1);

    public static Settings Parse(string[] args)
    {
        string Option(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        return new Settings(
            Option("--account", "northloop-outfitters"),
            int.Parse(Option("--days", "365"), CultureInfo.InvariantCulture),
            !args.Contains("--skip-emulator"),
            !args.Contains("--skip-embedded"),
            int.Parse(Option("--store-sample", "30000"), CultureInfo.InvariantCulture),
            Option("--refresh", "") is { Length: > 0 } refresh ? int.Parse(refresh, CultureInfo.InvariantCulture) : null,
            int.Parse(Option("--rest", "65"), CultureInfo.InvariantCulture),
            int.Parse(Option("--refreshes", "1"), CultureInfo.InvariantCulture));
    }

    public async Task<int> RunAsync()
    {
        var failures = 0;
        Console.WriteLine($"Backfill benchmark: {settings.Account}, {settings.Days} days ending yesterday, sandbox with Klaviyo's real rate limits");
        if (settings.RunEmbedded)
        {
            var directory = Path.Combine(Path.GetTempPath(), "backfill-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                await using var store = new EmbeddedDocumentStore(Path.Combine(directory, "backfill.db"));
                await using var sample = new EmbeddedDocumentStore(Path.Combine(directory, "sample.db"));
                failures += await RunOneAsync("embedded", store, sample);
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
            }
        }

        if (settings.RunEmulator)
        {
            var host = Environment.GetEnvironmentVariable(FirestoreOptions.EmulatorHostVariable);
            if (string.IsNullOrEmpty(host))
            {
                Console.WriteLine("Emulator: skipped, FIRESTORE_EMULATOR_HOST is not set (benchmarks/backfill.sh starts one).");
            }
            else
            {
                var suffix = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
                using var store = FirestoreDocumentStore.Create(new FirestoreOptions { ProjectId = "bench-backfill-" + suffix, EmulatorHost = host });
                using var sample = FirestoreDocumentStore.Create(new FirestoreOptions { ProjectId = "bench-sample-" + suffix, EmulatorHost = host });
                failures += await RunOneAsync("emulator", store, sample);
            }
        }

        PrintSeedComparison();
        return failures;
    }

    private async Task<int> RunOneAsync(string label, IDocumentStore store, IDocumentStore sample)
    {
        Console.WriteLine();
        Console.WriteLine($"== {label}: {store.Description.Target}");
        var storeRate = await MeasureBulkRateAsync(sample);
        Console.WriteLine($"store bulk-write rate (same run, {settings.StoreSample:N0} order documents): {storeRate:N0} writes/s");

        await using var app = await StartAppAsync(store);
        var coordinator = app.Services.GetRequiredService<IBackfillCoordinator>();
        var id = ClientId.Parse(settings.Account);
        var added = await coordinator.AddClientAsync(new NewClient(settings.Account, settings.Account, SandboxAccount: true));
        if (!added.Accepted)
        {
            Console.WriteLine($"could not add the client: {added.Message}");
            return 1;
        }

        GC.Collect();
        var heapAtStart = GC.GetTotalMemory(forceFullCollection: true);
        var heapByQuarter = new long[4];
        long peakHeap = 0;
        var clock = Stopwatch.StartNew();
        using var subscription = coordinator.Subscribe();
        var started = await coordinator.StartAsync(id, new BackfillRequest(Days: settings.Days));
        if (!started.Accepted)
        {
            Console.WriteLine($"could not start: {started.Message}");
            return 1;
        }

        BackfillStatus? done = null;
        while (done is null && await subscription.Updates.WaitToReadAsync())
        {
            while (subscription.Updates.TryRead(out var board))
            {
                var status = board.Find(id)!;
                var heap = GC.GetTotalMemory(false);
                peakHeap = Math.Max(peakHeap, heap);
                if (status.TotalDays > 0)
                {
                    var quarter = Math.Min(3, status.DaysCompleted * 4 / status.TotalDays);
                    heapByQuarter[quarter] = Math.Max(heapByQuarter[quarter], heap);
                }

                if (status.State is BackfillState.Completed or BackfillState.Failed or BackfillState.Cancelled)
                {
                    done = status;
                }
            }
        }

        var wall = clock.Elapsed;
        if (done!.State != BackfillState.Completed)
        {
            Console.WriteLine($"backfill {done.State}: {done.Error}");
            return 1;
        }

        var queries = app.Services.GetRequiredService<BackfillDataQueries>();
        var rollups = await queries.GetDailyRollupsAsync(id, CancellationToken.None);
        var campaigns = await queries.GetCampaignsAsync(id, CancellationToken.None);
        var flows = await queries.GetFlowsAsync(id, CancellationToken.None);
        var stored = (await store.AggregateAsync(Query.Collection(DataLayout.Orders(id)), [Aggregation.Count()])).Count();
        var expected = await SandboxOrderCountAsync(app, done);
        var writes = done.Orders * 2 + rollups.Count + rollups.Sum(r => (long)r.ActiveCampaigns + r.ActiveFlows) + campaigns.Count + flows.Count;

        var plan = MinimumPlan(done.TotalDays, done.Orders + done.SkippedEvents, campaigns, flows.Count, done.TotalDays);
        var minimumRequests = plan.Sum(p => p.Requests);
        var rateBound = plan.Max(p => p.Seconds);
        var storeBound = writes / storeRate;
        var bound = Math.Max(rateBound, storeBound);

        Console.WriteLine($"wall time: {wall.TotalSeconds:N1} s");
        Console.WriteLine($"rate-limit lower bound of the plan: {rateBound:N1} s (set by {plan.MaxBy(p => p.Seconds).Bucket})");
        Console.WriteLine($"store bulk-write bound: {writes:N0} writes / {storeRate:N0} per s = {storeBound:N1} s");
        Console.WriteLine($"wall / max(bounds): {wall.TotalSeconds / bound:N2}x (target <= 1.25x)");
        Console.WriteLine($"Klaviyo requests: {done.KlaviyoRequests:N0} made, {minimumRequests:N0} minimum ({100.0 * done.KlaviyoRequests / minimumRequests - 100:N1}% over; target <= 10%); 429s: {done.KlaviyoThrottled}");
        foreach (var p in plan)
        {
            Console.WriteLine($"   {p.Bucket,-24} {p.Requests,6:N0} requests, >= {p.Seconds,6:N1} s");
        }

        Console.WriteLine($"orders: {done.Orders:N0} written, {stored:N0} stored, {expected:N0} in the sandbox -> lost {Math.Max(0, expected - stored)}, duplicated {Math.Max(0, stored - expected)}");
        Console.WriteLine($"orders/s: {done.Orders / wall.TotalSeconds:N0}; store writes/s: {writes / wall.TotalSeconds:N0}");
        Console.WriteLine($"managed heap: start {Mb(heapAtStart)}, peak {Mb(peakHeap)}; peak per quarter of the days {string.Join(" / ", heapByQuarter.Select(Mb))}");
        Console.WriteLine($"process peak working set so far: {Mb(Process.GetCurrentProcess().PeakWorkingSet64)}");
        var failed = expected == stored && stored == done.Orders ? 0 : 1;
        if (settings.RefreshDays is { } lookback)
        {
            for (var i = 0; i < settings.Refreshes; i++)
            {
                failed += await RefreshBenchmark.RunAsync(app, id, done, campaigns, flows.Count, lookback, settings.RestSeconds);
            }
        }

        return failed;
    }

    private void PrintSeedComparison()
    {
        // The approach the product replaces: per day, one events query (200 per page then) and one report request.
        var reporting = KlaviyoBuckets.Published[KlaviyoBuckets.CampaignValuesReports];
        var reportMinutes = (double)settings.Days / reporting.Steady;
        Console.WriteLine();
        Console.WriteLine($"seed approach for {settings.Days} days: >= {settings.Days * 2:N0} requests ({settings.Days} events queries + {settings.Days} report requests, more events pages on busy days);");
        Console.WriteLine($"   report requests alone need >= {reportMinutes:N0} min at {reporting.Steady}/min and {Math.Ceiling((double)settings.Days / reporting.Daily):N0} day(s) of the {reporting.Daily}/day quota");
    }

    /// <summary>
    /// The fewest requests per endpoint a run of <paramref name="days"/> days can make (totals over
    /// <paramref name="totalsDays"/> days of coverage), and the rate-limit bound of each (clock-aligned windows).
    /// </summary>
    internal static List<(string Bucket, long Requests, double Seconds)> MinimumPlan(
        int days, long events, IReadOnlyList<Services.Backfill.Documents.CampaignSummary> campaigns, int flows, int totalsDays)
    {
        var yearWindows = (long)Math.Ceiling(days / 365.0);
        var totalsWindows = (long)Math.Ceiling(totalsDays / 365.0);
        var campaignPages = 0L;
        foreach (var channel in new[] { "email", "sms", "mobile_push" })
        {
            foreach (var archived in new[] { false, true })
            {
                campaignPages += Math.Max(1, (long)Math.Ceiling(campaigns.Count(c => c.Channel == channel && c.Archived == archived) / 100.0));
            }
        }

        var counts = new (string Bucket, long Requests)[]
        {
            (KlaviyoBuckets.Accounts, 1),
            (KlaviyoBuckets.Metrics, 2),
            (KlaviyoBuckets.Campaigns, campaignPages),
            (KlaviyoBuckets.Flows, 2 * Math.Max(1, (long)Math.Ceiling(flows / 50.0))),
            (KlaviyoBuckets.Events, Math.Max(1, (long)Math.Ceiling(events / 1000.0))),
            (KlaviyoBuckets.CampaignValuesReports, totalsWindows),
            (KlaviyoBuckets.FlowValuesReports, totalsWindows),
            (KlaviyoBuckets.FlowSeriesReports, (long)Math.Ceiling(days / 60.0)),
            (KlaviyoBuckets.MetricAggregates, yearWindows * 6),
        };
        return [.. counts.Select(c =>
        {
            var limit = KlaviyoBuckets.Published[c.Bucket];
            return (c.Bucket, c.Requests, KlaviyoRateBound.MinimumSeconds(c.Requests, limit.Burst, limit.Steady));
        })];
    }

    private async Task<double> MeasureBulkRateAsync(IDocumentStore sample)
    {
        var collection = CollectionPath.Of("bench_sample");
        var clock = Stopwatch.StartNew();
        await using var writer = sample.CreateBulkWriter();
        foreach (var order in OrderDocuments.Generate(collection, settings.StoreSample))
        {
            await writer.AddAsync(order.Write);
        }

        var summary = await writer.CloseAsync();
        return summary.Succeeded / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Placed Order events in the range, asked of the sandbox directly.</summary>
    private async Task<long> SandboxOrderCountAsync(WebApplication app, BackfillStatus done)
    {
        var baseUrl = app.Services.GetRequiredService<IKlaviyoSandboxAddress>().BaseAddress!;
        using var http = new HttpClient { BaseAddress = baseUrl };
        HttpRequestMessage Request(HttpMethod method, string path)
        {
            var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Klaviyo-API-Key", "pk_sandbox_" + settings.Account);
            request.Headers.Add("revision", "2026-07-15");
            return request;
        }

        using var metrics = await http.SendAsync(Request(HttpMethod.Get, "api/metrics"));
        using var metricsJson = JsonDocument.Parse(await metrics.Content.ReadAsStringAsync());
        var metric = metricsJson.RootElement.GetProperty("data").EnumerateArray()
            .Where(m => m.GetProperty("attributes").GetProperty("name").GetString() == "Placed Order")
            .OrderByDescending(m => m.GetProperty("attributes").TryGetProperty("integration", out var i) && i.ValueKind == JsonValueKind.Object && i.GetProperty("name").GetString() == "Shopify")
            .First().GetProperty("id").GetString();
        var body = JsonSerializer.Serialize(new
        {
            data = new
            {
                type = "metric-aggregate",
                attributes = new
                {
                    metric_id = metric,
                    measurements = CountOnly,
                    interval = "month",
                    timezone = done.TimeZone,
                    filter = new[]
                    {
                        $"greater-or-equal(datetime,{done.RangeStart:yyyy-MM-dd}T00:00:00)",
                        $"less-than(datetime,{done.RangeEnd!.Value.AddDays(1):yyyy-MM-dd}T00:00:00)",
                    },
                },
            },
        });
        // The benchmark's own request may meet the metric-aggregates limit right after the run; wait it out.
        for (var attempt = 0; ; attempt++)
        {
            using var aggregate = Request(HttpMethod.Post, "api/metric-aggregates");
            aggregate.Content = new StringContent(body, Encoding.UTF8, "application/vnd.api+json");
            using var response = await http.SendAsync(aggregate);
            if ((int)response.StatusCode == 429 && attempt < 5)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
                continue;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("data").GetProperty("attributes").GetProperty("data").EnumerateArray()
                .Sum(row => row.GetProperty("measurements").GetProperty("count").EnumerateArray().Sum(v => (long)v.GetDecimal()));
        }
    }

    internal static async Task<WebApplication> StartAppAsync(IDocumentStore store)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Benchmark" });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(store);
        builder.Services.AddKlaviyoSandbox();
        builder.Services.PostConfigure<SandboxOptions>(o =>
        {
            o.Enabled = true;
            o.HistoryEndDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        });
        builder.Services.AddSingleton<IKlaviyoSandboxAddress, ServerSandboxAddress>();
        builder.Services.AddBackfill();
        builder.Services.AddSingleton<SandboxRequestCounter>();
        var app = builder.Build();
        var counter = app.Services.GetRequiredService<SandboxRequestCounter>();
        app.Use((context, next) => counter.CountAsync(context, () => next(context)));
        app.MapKlaviyoSandbox();
        await app.StartAsync();
        return app;
    }

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:N0} MB";

    private sealed class ServerSandboxAddress(IServer server) : IKlaviyoSandboxAddress
    {
        public Uri? BaseAddress => server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } address
            ? new Uri(address.TrimEnd('/') + SandboxEndpoints.Prefix + "/")
            : null;
    }
}
