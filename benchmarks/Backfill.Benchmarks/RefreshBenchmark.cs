using System.Diagnostics;
using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Klaviyo.RateLimiting;
using Backfill.Services.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Benchmarks;

/// <summary>
/// A refresh of the copy the backfill benchmark just made: requests per endpoint (counted by the sandbox), the
/// reporting-API calls among them, and the wall time against the rate-limit bound of the minimum plan.
/// </summary>
internal static class RefreshBenchmark
{
    /// <summary>Klaviyo's reporting API (225 calls a day per account, shared with every integration).</summary>
    private static readonly string[] ReportingEndpoints = ["campaign-values-reports", "flow-values-reports", "flow-series-reports", "form-values-reports", "segment-values-reports"];

    public static async Task<int> RunAsync(
        WebApplication app, ClientId id, BackfillStatus backfill, IReadOnlyList<CampaignSummary> campaigns, int flows, int lookbackDays, int restSeconds)
    {
        var coordinator = app.Services.GetRequiredService<IBackfillCoordinator>();
        var counter = app.Services.GetRequiredService<SandboxRequestCounter>();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        Console.WriteLine();
        Console.WriteLine($"-- refresh with a {lookbackDays}-day lookback of the {backfill.Coverage.Orders.Days}-day copy (after {restSeconds} s of rest, so Klaviyo's minute windows start empty)");
        await Task.Delay(TimeSpan.FromSeconds(restSeconds));
        counter.Reset();
        var startedAt = DateTimeOffset.UtcNow;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var started = await coordinator.RefreshAsync(id, new RefreshRequest(lookbackDays));
        if (!started.Accepted)
        {
            Console.WriteLine($"could not refresh: {started.Message}");
            return 1;
        }

        BackfillStatus? done = null;
        var phases = new List<(TimeSpan At, string Phase)>();
        using (var subscription = coordinator.Subscribe())
        {
            while (done is null && await subscription.Updates.WaitToReadAsync())
            {
                while (subscription.Updates.TryRead(out var board))
                {
                    if (board.Find(id) is not { } s || s.RunId != started.Status!.RunId)
                    {
                        continue;
                    }

                    var phase = $"{s.State} {s.Phase}";
                    if (phases.Count == 0 || phases[^1].Phase != phase)
                    {
                        phases.Add((clock.Elapsed, phase));
                    }

                    if (s.State is BackfillState.Completed or BackfillState.Failed)
                    {
                        done = s;
                    }
                }
            }
        }

        var wall = clock.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        if (done!.State != BackfillState.Completed)
        {
            Console.WriteLine($"refresh {done.State}: {done.Error}");
            return 1;
        }

        var counts = counter.Snapshot();
        var reporting = counts.Where(c => ReportingEndpoints.Contains(c.Key)).Sum(c => c.Value);
        var plan = BackfillBenchmark.MinimumPlan(done.TotalDays, done.Orders + done.SkippedEvents, campaigns, flows, done.Coverage.Totals.Days);
        var bound = plan.Max(p => p.Seconds);
        Console.WriteLine($"refreshed {done.RangeStart:yyyy-MM-dd} → {done.RangeEnd:yyyy-MM-dd} ({done.TotalDays} days): {done.Orders:N0} orders, {done.DeletedOrders} removed");
        Console.WriteLine($"wall time: {wall.TotalSeconds:N1} s; rate-limit bound of the minimum plan: {bound:N1} s (set by {plan.MaxBy(p => p.Seconds).Bucket}); ratio {wall.TotalSeconds / Math.Max(bound, 0.001):N2}x (target <= 1.25x)");
        // The sandbox answers in this process, so its CPU (generating and serialising the days' events) is in the figure:
        // the refresh cannot end sooner than this CPU spread over the machine's cores, whatever Klaviyo's limits allow.
        var cpuBound = cpu.TotalSeconds / Environment.ProcessorCount;
        Console.WriteLine(
            $"CPU: {cpu.TotalSeconds:N1} s (engine and the in-process sandbox) = {cpu.TotalMilliseconds * 1000 / Math.Max(1, done.Orders):N0} µs per refreshed order; " +
            $"CPU bound {cpuBound:N1} s on {Environment.ProcessorCount} cores; wall / max(rate-limit bound, CPU bound) {wall.TotalSeconds / Math.Max(Math.Max(bound, cpuBound), 0.001):N2}x; " +
            $"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        // Orders re-read unchanged are left as stored (content_hash); only what Klaviyo changed is written.
        long rewritten = 0;
        await foreach (var order in store.QueryAsync(Query.Collection(DataLayout.Orders(id)).SelectFields()))
        {
            rewritten += order.UpdateTime >= startedAt ? 1 : 0;
        }

        Console.WriteLine($"order documents (orders/) written by the refresh: {rewritten:N0} of the {done.Orders:N0} orders it read again");
        Console.WriteLine($"Klaviyo requests: {done.KlaviyoRequests} by the client, {counts.Values.Sum()} answered by the sandbox (target <= 25); reporting API: {reporting} (target <= 4); 429s: {done.KlaviyoThrottled}");
        Console.WriteLine($"   {"endpoint",-26} {"made",5} {"minimum",8}");
        var minimum = plan.ToDictionary(p => p.Bucket, p => p.Requests);
        foreach (var (endpoint, count) in counts)
        {
            Console.WriteLine($"   {endpoint,-26} {count,5} {(minimum.TryGetValue(BucketOf(endpoint), out var m) ? m.ToString(System.Globalization.CultureInfo.InvariantCulture) : "—"),8}");
        }

        Console.WriteLine($"   minimum plan: {plan.Sum(p => p.Requests)} requests");

        // When each request reached the sandbox and was answered: where the run waited on Klaviyo's limits.
        Console.WriteLine("   requests (arrived → answered, since the refresh was asked for):");
        foreach (var request in counter.Timeline())
        {
            Console.WriteLine($"   {request.Arrived.TotalSeconds,7:N3} s → {request.Answered.TotalSeconds,6:N3} s  {request.Status}  {request.Endpoint}");
        }

        // Where the wall time went, as the board showed it: every phase, when it began and how long it lasted.
        Console.WriteLine("   phases (as the board showed them; start, duration):");
        for (var i = 0; i < phases.Count - 1; i++)
        {
            var lasted = phases[i + 1].At - phases[i].At;
            Console.WriteLine($"   {phases[i].At.TotalSeconds,7:N2} s  {lasted.TotalSeconds,6:N2} s  {phases[i].Phase}");
        }

        return done.KlaviyoRequests <= 25 && reporting <= 4 ? 0 : 1;
    }

    private static string BucketOf(string endpoint) => KlaviyoBuckets.Published.Keys.FirstOrDefault(k => k == endpoint) ?? endpoint;
}
