using System.Globalization;
using System.Text.Json;
using Backfill.Services.Klaviyo;
using Backfill.Services.Orders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Backfill.Benchmarks;

/// <summary>
/// What one full page of Placed Order events (1,000, with their included profiles and attributions) costs the
/// production client: the bytes allocated to receive and parse it, the live heap it holds while its events are read,
/// and what converting its events to orders (as the engine's day reader does) allocates. The sandbox runs in a child
/// process (the memory benchmark's), so its allocations are not counted. The first repeat warms the JIT and is shown,
/// not counted.
/// </summary>
internal sealed class EventPageBenchmark(EventPageBenchmark.Settings settings)
{
    private const int PageSize = 1000;

    public sealed record Settings(string Account, int Repeats);

    public static Settings Parse(string[] args)
    {
        string Option(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        return new Settings(Option("--account", "alder-and-ash"), int.Parse(Option("--repeats", "6"), CultureInfo.InvariantCulture));
    }

    public async Task<int> RunAsync()
    {
        using var sandbox = FleetChild.Start("memory-sandbox");
        try
        {
            var url = await sandbox.ReadLineStartingAsync(MemorySandboxProcess.UrlPrefix)
                ?? throw new InvalidOperationException("the sandbox process ended before it listened");
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Benchmark", DisableDefaults = true });
            builder.Logging.ClearProviders();
            builder.Services.AddKlaviyoClient();
            using var app = builder.Build();
            var client = app.Services.GetRequiredService<IKlaviyoClientFactory>()
                .Create(new KlaviyoAccountContext(new KlaviyoApiKey("pk_sandbox_" + settings.Account), settings.Account, new Uri(url)));
            var account = await client.GetAccountAsync(CancellationToken.None);
            var metric = await client.FindPlacedOrderMetricAsync(null, CancellationToken.None)
                ?? throw new InvalidOperationException($"{settings.Account} has no Placed Order metric");
            var zone = TimeZoneInfo.FindSystemTimeZoneById(account.TimeZone);
            var toUtc = DateTimeOffset.UtcNow.Date;
            var fromUtc = toUtc.AddYears(-10);
            Console.WriteLine($"Event page benchmark: {settings.Account}, the first {PageSize:N0} Placed Order events of ten years "
                + $"(include=profile,attributions), {settings.Repeats} repeats, the first one not counted; load {File.ReadAllText("/proc/loadavg").Trim()}");

            var results = new List<(long Allocated, long Held, long Body, long Converted)>();
            for (var repeat = 0; repeat < settings.Repeats; repeat++)
            {
                // Measured from a fresh stack: a continuation run inline under the last repeat's finished frames would
                // count what those frames' stack slots still point at (the last page) in the baseline.
                await Task.Delay(10);
                var baseline = LiveHeap();
                var result = await MeasureAsync(client, metric.Id, fromUtc, toUtc, zone, account.Currency, baseline);
                await Task.Delay(10);
                var left = LiveHeap() - baseline;
                Console.WriteLine($"  {(repeat == 0 ? "warm-up" : "repeat " + repeat.ToString(CultureInfo.InvariantCulture))}: "
                    + $"allocated reading and parsing {Mb(result.Allocated)}, held while its events are read {Mb(result.Held)} ({Mb(left)} left once released), "
                    + $"raw event_properties {Mb(result.Body)} (UTF-8), converting to orders allocated {Mb(result.Converted)}");
                if (repeat > 0)
                {
                    results.Add(result);
                }
            }

            if (results.Count > 0)
            {
                Console.WriteLine($"median: allocated reading and parsing {Mb(Median(results.Select(r => r.Allocated)))}, "
                    + $"held {Mb(Median(results.Select(r => r.Held)))}, converting to orders {Mb(Median(results.Select(r => r.Converted)))}");
            }

            return 0;
        }
        finally
        {
            await sandbox.StopAsync();
        }
    }

    private static async Task<(long Allocated, long Held, long Body, long Converted)> MeasureAsync(
        IKlaviyoClient client, string metricId, DateTimeOffset fromUtc, DateTimeOffset toUtc, TimeZoneInfo zone, string currency, long baseline)
    {
        var held = new KlaviyoEvent[PageSize];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        // One request: the first page of a ten-year window is full. The enumerator is kept (as the engine's day reader
        // keeps it) while the page's events are held, so whatever the client keeps of the page is counted.
        var events = client.GetPlacedOrderEventsAsync(metricId, fromUtc, toUtc, CancellationToken.None).GetAsyncEnumerator();
        for (var i = 0; i < PageSize; i++)
        {
            if (!await events.MoveNextAsync())
            {
                throw new InvalidOperationException($"the window holds only {i} events; a full page is {PageSize}");
            }

            held[i] = events.Current;
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var live = LiveHeap() - baseline;

        long body = 0;
        var convertedBefore = GC.GetTotalAllocatedBytes(precise: true);
        foreach (var item in held)
        {
            var resource = item.Resource;
            var order = OrderExtractor.Extract(resource, item.Profile, item.Attributions, zone, currency);
            if (order.Order is not null && item.RawPropertiesOf(resource) is { } raw)
            {
                body += raw.Utf8Length;
            }
        }

        var converted = GC.GetTotalAllocatedBytes(precise: true) - convertedBefore;
        await events.DisposeAsync();
        Array.Clear(held);
        return (allocated, live, body, converted);
    }

    private static long LiveHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:N2} MB";
}
