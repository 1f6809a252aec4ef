using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Data;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;
using Backfill.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Backfilling;

/// <summary>
/// A year of <c>rogue-creamery</c> from the sandbox over real HTTP into a store, checked against the sandbox's own
/// numbers (asked directly, not through the engine). Runs unchanged against the emulator and the embedded store.
/// </summary>
public abstract class BackfillCorrectnessContract
{
    private const string Account = "rogue-creamery";

    /// <summary>A fresh, empty store; the test disposes it.</summary>
    protected abstract Task<IDocumentStore> CreateStoreAsync();

    /// <summary>History through yesterday (UTC), so "one year ending yesterday" in any timezone has data on every day.</summary>
    private static Task<SandboxServer> StartSandboxAsync(Action<Services.Klaviyo.Sandbox.SandboxOptions>? configure = null) =>
        SandboxServer.StartAsync(o =>
        {
            o.HistoryEndDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
            o.RateLimitsEnabled = false;
            configure?.Invoke(o);
        }, cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task OneYear_MatchesTheSandbox_AndARerunChangesNothing()
    {
        await using var sandbox = await StartSandboxAsync();
        var store = await CreateStoreAsync();
        await using var _ = store as IAsyncDisposable;
        await using var host = await BackfillTestHost.StartAsync(store, sandbox.BaseAddress);
        await host.AddSandboxClientAsync(Account);

        var started = await host.Coordinator.StartAsync(ClientId.Parse(Account), new BackfillRequest(Years: 1), TestContext.Current.CancellationToken);
        Assert.True(started.Accepted, started.Message);
        var done = await host.WaitUntilFinishedAsync(Account);

        Assert.Equal(BackfillState.Completed, done.State);
        Assert.Null(done.Error);
        Assert.Equal(done.TotalDays, done.DaysCompleted);
        Assert.Equal(done.RangeEnd, done.LastCompletedDate);
        Assert.InRange(done.TotalDays, 365, 366);
        await AssertMatchesSandboxAsync(store, sandbox, done);
        await AssertLayoutAsync(store, done);

        var first = await StoreSnapshot.TakeAsync(store, done.ClientId, done.RangeStart!.Value, done.RangeEnd!.Value);
        var again = await host.Coordinator.StartAsync(done.ClientId, new BackfillRequest(Years: 1), TestContext.Current.CancellationToken);
        Assert.True(again.Accepted, again.Message);
        var second = await host.WaitForAsync(Account, s => s.State == BackfillState.Completed && s.StartedAt > done.StartedAt);
        Assert.Equal(done.Orders, second.Orders);
        var after = await StoreSnapshot.TakeAsync(store, done.ClientId, done.RangeStart.Value, done.RangeEnd.Value);
        Assert.Equal(first.Count, after.Count);
        Assert.Equal(first, after);
    }

    [Fact]
    public async Task AHostStoppedMidRun_IsResumedByTheNextHost_AtItsCheckpoint_WithIdenticalData()
    {
        // Latency on every sandbox answer spreads the run out, so the stop lands mid-run.
        await using var sandbox = await StartSandboxAsync(o => o.Faults[Account] = new() { LatencyMs = 250 });
        var reference = await CreateStoreAsync();
        await using var _ = reference as IAsyncDisposable;
        var store = await CreateStoreAsync();
        await using var __ = store as IAsyncDisposable;
        var smallChunks = new Dictionary<string, string?> { ["Backfill:CheckpointWrites"] = "300" };

        BackfillStatus referenceDone;
        await using (var referenceHost = await BackfillTestHost.StartAsync(reference, sandbox.BaseAddress))
        {
            await referenceHost.AddSandboxClientAsync(Account);
            await referenceHost.Coordinator.StartAsync(ClientId.Parse(Account), new BackfillRequest(Years: 1), TestContext.Current.CancellationToken);
            referenceDone = await referenceHost.WaitUntilFinishedAsync(Account);
            Assert.Equal(BackfillState.Completed, referenceDone.State);
        }

        var first = await BackfillTestHost.StartAsync(store, sandbox.BaseAddress, smallChunks);
        await first.AddSandboxClientAsync(Account);
        await first.Coordinator.StartAsync(ClientId.Parse(Account), new BackfillRequest(Years: 1), TestContext.Current.CancellationToken);
        var midway = await first.WaitForAsync(Account, s => s.DaysCompleted >= 30);
        Assert.Equal(BackfillState.InProgress, midway.State);
        await first.DisposeAsync();

        var stored = BackfillStatusDocument.FromDocument(
            midway.ClientId, Account, (await store.GetAsync(DataLayout.BackfillStatus(midway.ClientId), TestContext.Current.CancellationToken))!);
        Assert.Equal(BackfillState.InProgress, stored.State);
        Assert.NotNull(stored.LastCompletedDate);
        Assert.True(stored.LastCompletedDate < stored.RangeEnd, $"checkpoint {stored.LastCompletedDate} should be before {stored.RangeEnd}");

        await using var second = await BackfillTestHost.StartAsync(store, sandbox.BaseAddress, smallChunks);
        var done = await second.WaitUntilFinishedAsync(Account);
        Assert.Equal(BackfillState.Completed, done.State);
        Assert.Equal(2, done.Attempts);
        Assert.Equal(stored.RangeStart, done.RangeStart);
        Assert.Equal(referenceDone.Orders, done.Orders);
        Assert.Equal(referenceDone.RevenueByCurrency, done.RevenueByCurrency);

        var expected = await StoreSnapshot.TakeAsync(reference, done.ClientId, done.RangeStart!.Value, done.RangeEnd!.Value);
        var actual = await StoreSnapshot.TakeAsync(store, done.ClientId, done.RangeStart.Value, done.RangeEnd.Value);
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task TransientErrorsAndA429Storm_AreRetried_AndTheDataIsStillExact()
    {
        await using var sandbox = await StartSandboxAsync(o => o.Faults[Account] = new() { ErrorRate = 0.1, ErrorStatus = 503, ThrottleRequests = 12 });
        var store = await CreateStoreAsync();
        await using var _ = store as IAsyncDisposable;
        await using var host = await BackfillTestHost.StartAsync(store, sandbox.BaseAddress);
        await host.AddSandboxClientAsync(Account);

        await host.Coordinator.StartAsync(ClientId.Parse(Account), new BackfillRequest(Years: 1), TestContext.Current.CancellationToken);
        var done = await host.WaitUntilFinishedAsync(Account);

        Assert.Equal(BackfillState.Completed, done.State);
        Assert.True(done.KlaviyoThrottled >= 12, $"429s seen: {done.KlaviyoThrottled}");
        using (var clear = SandboxServer.Request(HttpMethod.Delete, "_control/faults?account=" + Account, null))
        {
            (await sandbox.Client.SendAsync(clear, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        await AssertMatchesSandboxAsync(store, sandbox, done);
    }

    private static async Task AssertMatchesSandboxAsync(IDocumentStore store, SandboxServer sandbox, BackfillStatus done)
    {
        var ct = TestContext.Current.CancellationToken;
        var oracle = new SandboxOracle(sandbox, Account);
        var expected = await oracle.DailyOrdersAsync(done.TimeZone!, done.RangeStart!.Value, done.RangeEnd!.Value);
        var queries = new BackfillDataQueries(store, new Services.Clients.ClientRegistry(store, TimeProvider.System));
        var rollups = (await queries.GetDailyRollupsAsync(done.ClientId, ct)).ToDictionary(r => r.Date);

        Assert.Equal(done.TotalDays, rollups.Count);
        foreach (var (day, (count, revenue)) in expected)
        {
            Assert.True(rollups.TryGetValue(day, out var rollup), $"no rollup for {day}");
            Assert.True(count == rollup.Orders, $"{day}: {rollup.Orders} orders written, the sandbox counts {count}");
            Assert.True(revenue == rollup.RevenueByCurrency.Values.Sum(), $"{day}: revenue {rollup.RevenueByCurrency.Values.Sum()} written, the sandbox sums {revenue}");
            var stored = await store.AggregateAsync(
                Query.Collection(DataLayout.DailyOrders(done.ClientId, day)), [Aggregation.Count(), Aggregation.Sum(FieldPath.Of("value"))], ct);
            Assert.Equal(count, stored.Count());
            Assert.Equal((double)revenue, stored.Sum(), 6);
        }

        var allOrders = await store.AggregateAsync(Query.Collection(DataLayout.Orders(done.ClientId)), [Aggregation.Count()], ct);
        Assert.Equal(expected.Values.Sum(v => v.Count), allOrders.Count());
        Assert.Equal(expected.Values.Sum(v => v.Count), done.Orders);

        var summary = (await queries.GetSummaryAsync(done.ClientId, ct))!;
        Assert.Equal(await oracle.CampaignCountAsync(), summary.Campaigns);
        Assert.Equal(await oracle.FlowCountAsync(), summary.Flows);
        Assert.Equal(expected.Values.Sum(v => v.Count), summary.Orders);
        Assert.Equal(expected.Values.Sum(v => v.Revenue), summary.TotalRevenue);
    }

    /// <summary>Everything under the client is where the layout says, and nothing else is there.</summary>
    private static async Task AssertLayoutAsync(IDocumentStore store, BackfillStatus done)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = done.ClientId;
        Assert.Equal(["klaviyo"], await store.ListCollectionIdsAsync(DataLayout.Client(client), ct));
        Assert.Equal(["campaigns", "daily", "daily_rollups", "flows", "orders"], await store.ListCollectionIdsAsync(DataLayout.KlaviyoData(client), ct));

        var dates = new HashSet<string>();
        for (var day = done.RangeStart!.Value; day <= done.RangeEnd!.Value; day = day.AddDays(1))
        {
            dates.Add(DataLayout.FormatDate(day));
        }

        var daily = DataLayout.KlaviyoData(client).Collection("daily");
        foreach (var kind in new[] { "orders", "campaigns", "flows" })
        {
            var collections = await store.ListCollectionIdsAsync(daily.Document(kind), ct);
            Assert.NotEmpty(collections);
            Assert.All(collections, c => Assert.Contains(c, dates));
        }

        await foreach (var order in store.QueryAsync(Query.Collection(DataLayout.Orders(client)).WithLimit(200), ct))
        {
            Assert.Equal(order.Id, order.Get<string>(FieldPath.Of("klaviyo_event_id")));
            var date = DateOnly.Parse(order.Get<string>(FieldPath.Of("date"))!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.NotNull(await store.GetAsync(DataLayout.DailyOrder(client, date, order.Id), ct));
        }
    }
}
