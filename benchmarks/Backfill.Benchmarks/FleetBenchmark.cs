using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Backfill.KlaviyoSandbox;
using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Data;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Clients;
using Backfill.Services.Firestore;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;

namespace Backfill.Benchmarks;

/// <summary>
/// The fleet benchmark (issue 16): N generated sandbox accounts started at once, the sandbox in its own process with
/// Klaviyo's real rate limits, each app instance in its own process, per store: one instance, then two sharing the
/// store. See <c>benchmarks/fleet.sh</c> for what is printed and how the bounds are made.
/// </summary>
internal sealed class FleetBenchmark(FleetBenchmark.Settings settings)
{
    private static readonly string[] StoreKinds = ["embedded", "firestore"];

    public sealed record Settings(int Accounts, int Large, int Days, long Seed, bool Embedded, bool Firestore, bool Singles, bool TwoProcesses);

    public static Settings Parse(string[] args)
    {
        var small = args.Contains("--small");
        var accounts = FleetArgs.Int(args, "--accounts", small ? 4 : 12);
        var store = FleetArgs.String(args, "--store") ?? "both";
        return new Settings(
            accounts,
            Math.Min(accounts, FleetArgs.Int(args, "--large", small ? 1 : 2)),
            FleetArgs.Int(args, "--days", small ? 30 : 365),
            FleetArgs.Int(args, "--seed", 16),
            store is "embedded" or "both",
            store is "firestore" or "both",
            !args.Contains("--skip-singles"),
            !args.Contains("--skip-two"));
    }

    private sealed record AppFigures(double CpuSeconds, long PeakRssKb, string Instance);

    private sealed record ClientFigures(
        string Slug, BackfillStatus Status, long Served, long Throttled, long Minimum, double RateBoundSeconds, string BoundBucket);

    private sealed record PhaseResult(
        string Label, TimeSpan Wall, IReadOnlyList<ClientFigures> Clients, IReadOnlyList<AppFigures> Apps, double SandboxCpuSeconds);

    public async Task<int> RunAsync()
    {
        var accounts = SandboxGeneratedAccounts.Describe(new SandboxGeneratedAccountsOptions { Count = settings.Accounts, Seed = settings.Seed, LargeCount = settings.Large });
        Console.WriteLine($"Fleet benchmark: {accounts.Count} generated accounts (seed {settings.Seed}, {settings.Large} northloop-sized), {settings.Days} days each ending yesterday, started at once;");
        Console.WriteLine($"sandbox in its own process with Klaviyo's default rate limits; {Environment.ProcessorCount} cores");
        foreach (var a in accounts)
        {
            Console.WriteLine($"   {a.Slug}  {a.Size,-6} {a.OrdersPerDay,6:N1} orders/day  {a.TimeZoneId,-20} {a.Currency}");
        }

        var failures = 0;
        foreach (var kind in StoreKinds.Where(k => k == "embedded" ? settings.Embedded : settings.Firestore))
        {
            if (kind == "firestore" && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(FirestoreOptions.EmulatorHostVariable)))
            {
                Console.WriteLine("firestore: skipped, FIRESTORE_EMULATOR_HOST is not set (benchmarks/fleet.sh starts one).");
                continue;
            }

            failures += await RunStoreAsync(kind, accounts);
        }

        return failures;
    }

    private async Task<int> RunStoreAsync(string kind, IReadOnlyList<SandboxGeneratedAccount> accounts)
    {
        var slugs = accounts.Select(a => a.Slug).ToList();
        Console.WriteLine();
        Console.WriteLine($"===== {kind} =====");
        var singleCpu = new Dictionary<string, double>(StringComparer.Ordinal);
        if (settings.Singles)
        {
            foreach (var slug in slugs)
            {
                var single = await RunPhaseAsync(kind, $"single {slug}", [slug], processes: 1, parallel: 1);
                singleCpu[slug] = single.Apps.Sum(a => a.CpuSeconds);
                Console.WriteLine($"single {slug}: {single.Wall.TotalSeconds:N1} s wall, {singleCpu[slug]:N2} s engine CPU, {single.Clients[0].Status.Orders:N0} orders");
            }
        }

        var one = await RunPhaseAsync(kind, "one process", slugs, processes: 1, parallel: slugs.Count);
        var failures = Print(one, accounts, singleCpu);
        if (settings.TwoProcesses)
        {
            var two = await RunPhaseAsync(kind, "two processes", slugs, processes: 2, parallel: (slugs.Count + 1) / 2);
            failures += Print(two, accounts, singleCpu);
            failures += SideBySide(one, two);
        }

        return failures;
    }

    private static int Print(PhaseResult phase, IReadOnlyList<SandboxGeneratedAccount> accounts, Dictionary<string, double> singleCpu)
    {
        Console.WriteLine();
        Console.WriteLine($"--- {phase.Label} ({string.Join(", ", phase.Apps.Select(a => a.Instance))})");
        Console.WriteLine($"   {"account",-9} {"size",-6} {"orders",8} {"requests",8} {"served",7} {"429s",5} {"minimum",7} {"bound s",8} {"wall s",7}  instance");
        foreach (var c in phase.Clients)
        {
            var s = c.Status;
            var size = accounts.First(a => a.Slug == c.Slug).Size;
            var wall = (s.CompletedAt - s.StartedAt)?.TotalSeconds ?? double.NaN;
            Console.WriteLine($"   {c.Slug,-9} {size,-6} {s.Orders,8:N0} {s.KlaviyoRequests,8:N0} {c.Served,7:N0} {c.Throttled,5:N0} {c.Minimum,7:N0} {c.RateBoundSeconds,8:N1} {wall,7:N1}  {s.Instance} {(s.State == BackfillState.Completed ? "" : s.State + ": " + s.Error)}");
        }

        var orders = phase.Clients.Sum(c => c.Status.Orders);
        var engineCpu = phase.Apps.Sum(a => a.CpuSeconds);
        var slowest = phase.Clients.MaxBy(c => c.RateBoundSeconds)!;
        var summedCpu = singleCpu.Count == phase.Clients.Count ? singleCpu.Values.Sum() : engineCpu;
        var cpuBound = summedCpu / Environment.ProcessorCount;
        var bound = Math.Max(slowest.RateBoundSeconds, cpuBound);
        var requests = phase.Clients.Sum(c => c.Status.KlaviyoRequests);
        var minimum = phase.Clients.Sum(c => c.Minimum);
        var peakMb = phase.Apps.Max(a => a.PeakRssKb) / 1024.0;
        Console.WriteLine($"wall time: {phase.Wall.TotalSeconds:N1} s (first start to last completion, from the statuses)");
        Console.WriteLine($"slowest account's rate-limit bound: {slowest.RateBoundSeconds:N1} s ({slowest.Slug}, {slowest.BoundBucket})");
        Console.WriteLine($"CPU bound: {summedCpu:N1} s {(singleCpu.Count == phase.Clients.Count ? "summed engine CPU of the single runs" : "engine CPU of this run (--skip-singles)")} / {Environment.ProcessorCount} cores = {cpuBound:N1} s");
        Console.WriteLine($"wall / max(bounds) = {phase.Wall.TotalSeconds:N1} / {bound:N1} = {phase.Wall.TotalSeconds / bound:N2}x (target <= 1.2x)");
        Console.WriteLine($"engine CPU: {engineCpu:N1} s for {orders:N0} orders = {1e6 * engineCpu / Math.Max(1, orders):N0} µs/order; sandbox's own CPU (its process): {phase.SandboxCpuSeconds:N1} s = {1e6 * phase.SandboxCpuSeconds / Math.Max(1, orders):N0} µs/order");
        Console.WriteLine($"peak memory (largest app process's peak RSS): {peakMb:N0} MB (target < 1,536 MB){(phase.Apps.Count > 1 ? "; per process " + string.Join(" / ", phase.Apps.Select(a => $"{a.PeakRssKb / 1024.0:N0} MB")) : "")}");
        Console.WriteLine($"Klaviyo requests: {requests:N0} made (sandbox served {phase.Clients.Sum(c => c.Served):N0}, 429s {phase.Clients.Sum(c => c.Throttled):N0}), minimum {minimum:N0} ({100.0 * requests / Math.Max(1, minimum) - 100:N1}% over; target <= 10%)");
        return phase.Clients.All(c => c.Status.State == BackfillState.Completed) ? 0 : 1;
    }

    private static int SideBySide(PhaseResult one, PhaseResult two)
    {
        Console.WriteLine();
        Console.WriteLine("--- one process vs two processes sharing the store");
        void Row(string name, string a, string b) => Console.WriteLine($"   {name,-34} {a,16} {b,16}");
        Row("", "one process", "two processes");
        Row("wall time (s)", $"{one.Wall.TotalSeconds:N1}", $"{two.Wall.TotalSeconds:N1}");
        Row("engine CPU (s)", $"{one.Apps.Sum(a => a.CpuSeconds):N1}", $"{two.Apps.Sum(a => a.CpuSeconds):N1}");
        Row("sandbox CPU (s)", $"{one.SandboxCpuSeconds:N1}", $"{two.SandboxCpuSeconds:N1}");
        Row("peak RSS, largest process (MB)", $"{one.Apps.Max(a => a.PeakRssKb) / 1024.0:N0}", $"{two.Apps.Max(a => a.PeakRssKb) / 1024.0:N0}");
        Row("Klaviyo requests (status)", $"{one.Clients.Sum(c => c.Status.KlaviyoRequests):N0}", $"{two.Clients.Sum(c => c.Status.KlaviyoRequests):N0}");
        Row("served by the sandbox (non-429)", $"{one.Clients.Sum(c => c.Served):N0}", $"{two.Clients.Sum(c => c.Served):N0}");
        Row("429s", $"{one.Clients.Sum(c => c.Throttled):N0}", $"{two.Clients.Sum(c => c.Throttled):N0}");
        Row("orders", $"{one.Clients.Sum(c => c.Status.Orders):N0}", $"{two.Clients.Sum(c => c.Status.Orders):N0}");
        Row("runs (attempts)", $"{one.Clients.Sum(c => c.Status.Attempts)}", $"{two.Clients.Sum(c => c.Status.Attempts)}");
        var byInstance = two.Clients.GroupBy(c => c.Status.Instance).Select(g => $"{g.Key}: {g.Count()}");
        Console.WriteLine($"   clients per instance (two processes): {string.Join(", ", byInstance)}");
        var differing = one.Clients.Zip(two.Clients).Where(p => p.First.Served != p.Second.Served || p.First.Status.Orders != p.Second.Status.Orders).ToList();
        foreach (var (a, b) in differing)
        {
            Console.WriteLine($"   {a.Slug}: served {a.Served} vs {b.Served}, orders {a.Status.Orders} vs {b.Status.Orders}");
        }

        var twice = two.Clients.Where(c => c.Status.Attempts != 1).ToList();
        Console.WriteLine(differing.Count == 0 && twice.Count == 0
            ? "no client ran twice: every account's requests and orders equal the one-process run, one attempt each"
            : $"DIFFERENT: {differing.Count} accounts differ in requests or orders, {twice.Count} ran more than once");
        return differing.Count == 0 && twice.Count == 0 ? 0 : 1;
    }

    private async Task<PhaseResult> RunPhaseAsync(string kind, string label, IReadOnlyList<string> slugs, int processes, int parallel)
    {
        var suffix = DateTime.UtcNow.ToString("HHmmssfff", CultureInfo.InvariantCulture);
        var directory = Path.Combine(Path.GetTempPath(), "backfill-fleet-" + suffix);
        Directory.CreateDirectory(directory);
        var storeSpec = kind == "embedded" ? "embedded:" + Path.Combine(directory, "fleet.db") : "firestore:fleet-" + suffix;
        using var sandbox = FleetChild.Start("fleet-sandbox", "--count", settings.Accounts.ToString(CultureInfo.InvariantCulture),
            "--seed", settings.Seed.ToString(CultureInfo.InvariantCulture), "--large", settings.Large.ToString(CultureInfo.InvariantCulture));
        try
        {
            var url = (await sandbox.ReadLineStartingAsync("FLEET-SANDBOX-URL "))!;
            string[] common = ["--store", storeSpec, "--sandbox", url, "--clients", string.Join(',', slugs),
                "--days", settings.Days.ToString(CultureInfo.InvariantCulture), "--parallel", parallel.ToString(CultureInfo.InvariantCulture)];
            using (var register = FleetChild.Start(["fleet-app", .. common, "--register"]))
            {
                await register.WaitAsync();
            }

            var apps = Enumerable.Range(0, processes).Select(i => FleetChild.Start(i == 0 ? ["fleet-app", .. common, "--start"] : ["fleet-app", .. common])).ToList();
            var figures = new List<AppFigures>();
            foreach (var app in apps)
            {
                var line = await app.ReadLineStartingAsync("FLEET-APP ") ?? throw new InvalidOperationException($"{label}: an app process ended without its figures");
                var fields = line.Split(' ').Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1]);
                figures.Add(new AppFigures(
                    (double.Parse(fields["cpu_end_ms"], CultureInfo.InvariantCulture) - double.Parse(fields["cpu_start_ms"], CultureInfo.InvariantCulture)) / 1000,
                    long.Parse(fields["peak_rss_kb"], CultureInfo.InvariantCulture), fields["instance"]));
                await app.WaitAsync();
                app.Dispose();
            }

            var sandboxCpu = sandbox.CpuSeconds;
            using var http = new HttpClient { BaseAddress = new Uri(new Uri(url), "/") };
            var counts = await http.GetFromJsonAsync<Dictionary<string, long[]>>("_fleet/counts") ?? [];
            var clients = await ReadClientsAsync(storeSpec, slugs, counts);
            var wall = clients.Max(c => c.Status.CompletedAt!.Value) - clients.Min(c => c.Status.StartedAt!.Value);
            return new PhaseResult($"{kind}, {label}", wall, clients, figures, sandboxCpu);
        }
        finally
        {
            await sandbox.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<List<ClientFigures>> ReadClientsAsync(string storeSpec, IReadOnlyList<string> slugs, Dictionary<string, long[]> counts)
    {
        IDocumentStore store = storeSpec.StartsWith("embedded:", StringComparison.Ordinal)
            ? new EmbeddedDocumentStore(storeSpec["embedded:".Length..])
            : FirestoreDocumentStore.Create(new FirestoreOptions
            {
                ProjectId = storeSpec["firestore:".Length..],
                EmulatorHost = Environment.GetEnvironmentVariable(FirestoreOptions.EmulatorHostVariable),
            });
        try
        {
            var queries = new BackfillDataQueries(store, new ClientRegistry(store, TimeProvider.System));
            var result = new List<ClientFigures>();
            foreach (var slug in slugs)
            {
                var id = ClientId.Parse(slug);
                var status = BackfillStatusDocument.FromDocument(id, slug, (await store.GetAsync(DataLayout.BackfillStatus(id)))!);
                var campaigns = await queries.GetCampaignsAsync(id, CancellationToken.None);
                var flows = await queries.GetFlowsAsync(id, CancellationToken.None);
                var plan = BackfillBenchmark.MinimumPlan(status.TotalDays, status.Orders + status.SkippedEvents, campaigns, flows.Count, status.TotalDays);
                var slowest = plan.MaxBy(p => p.Seconds);
                var count = counts.GetValueOrDefault("pk_sandbox_" + slug) ?? [0, 0];
                result.Add(new ClientFigures(slug, status, count[0], count[1], plan.Sum(p => p.Requests), slowest.Seconds, slowest.Bucket));
            }

            return result;
        }
        finally
        {
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
            else
            {
                (store as IDisposable)?.Dispose();
            }
        }
    }
}
