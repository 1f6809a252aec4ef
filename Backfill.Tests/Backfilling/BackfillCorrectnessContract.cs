using Backfill.KlaviyoSandbox;
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
public abstract class BackfillCorrectnessContract : IDisposable
{
    /// <summary>A directory of this test class's own for embedded store files; deleted with the class.</summary>
    protected string ScratchDirectory { get; } = TestDirectory.NewPath("backfill-engine-");

    public void Dispose()
    {
        TestDirectory.Delete(ScratchDirectory);

        GC.SuppressFinalize(this);
    }

    protected const string Account = "rogue-creamery";

    /// <summary>A fresh, empty store; the test disposes it.</summary>
    protected abstract Task<IDocumentStore> CreateStoreAsync();

    /// <summary>
    /// Whether a query per day (3 × 365 of them) is cheap enough to check every daily collection directly. The
    /// emulator answers each query by scanning, so against it the checks read the same facts by key instead.
    /// </summary>
    protected abstract bool QueryEveryDay { get; }

    [Fact]
    public async Task OneYear_MatchesTheSandbox_AndARerunChangesNothing()
    {
        await using var sandbox = await BackfillTestHost.StartSandboxAsync();
        var store = await CreateStoreAsync();
        await using var _ = store as IAsyncDisposable;
        await using var host = await BackfillTestHost.StartAsync(store, sandbox.BaseAddress);
        await host.AddSandboxClientAsync(Account);

        var started = await host.Coordinator.StartAsync(ClientId.Parse(Account), new BackfillRequest(Years: 1), TestContext.Current.CancellationToken);
        Assert.True(started.Accepted, started.Message);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var done = await host.WaitUntilFinishedAsync(Account);
        Log($"backfill {clock.Elapsed}");

        Assert.Equal(BackfillState.Completed, done.State);
        Assert.Null(done.Error);
        Assert.Equal(done.TotalDays, done.DaysCompleted);
        Assert.Equal(done.RangeEnd, done.LastCompletedDate);
        Assert.InRange(done.TotalDays, 365, 366);
        await AssertMatchesSandboxAsync(store, sandbox, done, QueryEveryDay);
        Log($"checked {clock.Elapsed}");
        await AssertLayoutAsync(store, done, QueryEveryDay);
        Log($"layout {clock.Elapsed}");

        var first = await StoreSnapshot.TakeAsync(store, done.ClientId, done.RangeStart!.Value, done.RangeEnd!.Value, QueryEveryDay);
        Log($"snapshot {clock.Elapsed}");
        Assert.DoesNotContain("missing", first.Values);
        var again = await host.Coordinator.StartAsync(done.ClientId, new BackfillRequest(Years: 1), TestContext.Current.CancellationToken);
        Assert.True(again.Accepted, again.Message);
        var second = await host.WaitForAsync(Account, s => s.State == BackfillState.Completed && s.StartedAt > done.StartedAt);
        Assert.Equal(done.Orders, second.Orders);
        Log($"second run {clock.Elapsed}");
        var after = await StoreSnapshot.TakeAsync(store, done.ClientId, done.RangeStart.Value, done.RangeEnd.Value, QueryEveryDay);
        StoreSnapshot.AssertEqual(first, after);

        // A Quick check after the year re-reads 7 days and keeps the year: its coverage and its totals.
        var quick = await host.Coordinator.StartAsync(done.ClientId, BackfillRequest.QuickCheck, TestContext.Current.CancellationToken);
        Assert.True(quick.Accepted, quick.Message);
        var checkedQuickly = await host.WaitForAsync(Account, s => s.State == BackfillState.Completed && s.Parameters.Kind == RunKind.QuickCheck);
        Assert.Equal(7, checkedQuickly.TotalDays);
        Assert.Equal(done.Coverage, checkedQuickly.Coverage);
        Assert.Equal(done.TotalDays, checkedQuickly.Coverage.Orders.Days);
        Assert.Equal(done.TotalDays, checkedQuickly.Coverage.Totals.Days);
        var totalsAndDays = await StoreSnapshot.TakeAsync(store, done.ClientId, done.RangeStart.Value, done.RangeEnd.Value, QueryEveryDay, withOrders: false);
        string[] unordered = [.. new[] { DataLayout.Campaigns(done.ClientId), DataLayout.Flows(done.ClientId), DataLayout.DailyRollups(done.ClientId) }.Select(c => c + "/")];
        StoreSnapshot.AssertEqual(
            new SortedDictionary<string, string>(first.Where(p => unordered.Any(u => p.Key.StartsWith(u, StringComparison.Ordinal))).ToDictionary(), StringComparer.Ordinal),
            totalsAndDays);
        var summary = await host.Services.GetRequiredService<BackfillDataQueries>().GetSummaryAsync(done.ClientId, TestContext.Current.CancellationToken);
        Assert.Equal(done.RangeStart, summary!.StartDate);
        Assert.Equal(done.RangeEnd, summary.EndDate);
        Assert.Equal(done.TotalDays, summary.DaysCovered);
    }

    [Fact]
    public async Task Refresh_AfterOrdersAddedAndDeletedInKlaviyo_MakesEveryCoveredDayEqualTheSandbox()
    {
        await using var month = await CopyThirtyDaysAsync();
        var (sandbox, store, host, id, done) = (month.Sandbox, month.Store, month.Host, month.Id, month.Done);
        var ct = TestContext.Current.CancellationToken;

        // Late orders arrive for a day already copied, and two orders of another copied day are deleted in Klaviyo.
        var yesterday = done.RangeEnd!.Value;
        using var changes = await ControlAsync(sandbox, HttpMethod.Post, "_control/changes", $$"""
            {"account":"{{Account}}","add_orders":[{"date":"{{yesterday.AddDays(-1):yyyy-MM-dd}}","count":3}],
             "delete_orders":[{"date":"{{yesterday.AddDays(-3):yyyy-MM-dd}}","count":2}]}
            """);
        var deleted = changes.RootElement.GetProperty("deleted_orders")[0].GetProperty("event_ids").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(2, deleted.Count);
        Assert.NotNull(await store.GetAsync(DataLayout.Order(id, deleted[0]), ct));

        var refresh = await host.Coordinator.RefreshAsync(id, new RefreshRequest(), ct);
        Assert.True(refresh.Accepted, refresh.Message);
        var refreshed = await host.WaitForAsync(Account, s => s.State == BackfillState.Completed && s.RunId == refresh.Status!.RunId);

        Assert.Equal(yesterday.AddDays(-6), refreshed.RangeStart);
        Assert.Equal(2, refreshed.DeletedOrders);
        Assert.Equal(done.Coverage, refreshed.Coverage);
        await AssertMatchesSandboxAsync(store, sandbox, refreshed, QueryEveryDay, runWroteEveryDay: false);
        foreach (var eventId in deleted)
        {
            Assert.Null(await store.GetAsync(DataLayout.Order(id, eventId), ct));
            Assert.Null(await store.GetAsync(DataLayout.DailyOrder(id, yesterday.AddDays(-3), eventId), ct));
        }

        var first = await StoreSnapshot.TakeAsync(store, id, done.RangeStart!.Value, yesterday, QueryEveryDay);
        var again = await host.Coordinator.RefreshAsync(id, new RefreshRequest(), ct);
        var twice = await host.WaitForAsync(Account, s => s.State == BackfillState.Completed && s.RunId == again.Status!.RunId);
        Assert.Equal(0, twice.DeletedOrders);
        StoreSnapshot.AssertEqual(first, await StoreSnapshot.TakeAsync(store, id, done.RangeStart.Value, yesterday, QueryEveryDay));
    }

    [Fact]
    public async Task Refresh_WritesOnlyTheOrdersThatChanged_AndRestoresACopyDeletedBehindItsBack()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = await BackfillTestHost.StartSandboxAsync(o => o.EnableControlEndpoint = true);
        var store = await CreateStoreAsync();
        await using var _ = store as IAsyncDisposable;
        var recording = new WriteRecordingStore(store);
        await using var host = await BackfillTestHost.StartAsync(recording, sandbox.BaseAddress);
        await host.AddSandboxClientAsync(Account);
        var id = ClientId.Parse(Account);
        await host.Coordinator.StartAsync(id, new BackfillRequest(Days: 10), ct);
        var done = await host.WaitUntilFinishedAsync(Account);
        Assert.Equal(BackfillState.Completed, done.State);
        var yesterday = done.RangeEnd!.Value;

        // Klaviyo gains three late orders on a copied day; behind the app's back, one order loses its main copy.
        using var changes = await ControlAsync(sandbox, HttpMethod.Post, "_control/changes", $$"""
            {"account":"{{Account}}","add_orders":[{"date":"{{yesterday.AddDays(-2):yyyy-MM-dd}}","count":3}]}
            """);
        var added = changes.RootElement.GetProperty("added_orders")[0].GetProperty("event_ids").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(3, added.Count);
        var damagedDay = yesterday.AddDays(-4);
        var dayIds = await store.QueryAsync(Query.Collection(DataLayout.DailyOrders(id, damagedDay)).SelectFields(), ct).Select(d => d.Id).Take(2).ToListAsync(ct);
        Assert.Equal(2, dayIds.Count);
        var (damaged, intact) = (dayIds[0], dayIds[1]);
        await store.CommitAsync([Write.Delete(DataLayout.Order(id, damaged))], ct);

        recording.Recording = true;
        var refresh = await host.Coordinator.RefreshAsync(id, new RefreshRequest(), ct);
        Assert.True(refresh.Accepted, refresh.Message);
        var refreshed = await host.WaitForAsync(Account, s => s.State is BackfillState.Completed or BackfillState.Failed && s.RunId == refresh.Status!.RunId);
        Assert.True(refreshed.State == BackfillState.Completed, refreshed.Error);

        // Every order of the seven days was read again; only the new ones and the damaged one were written (both copies).
        var days = Enumerable.Range(0, done.TotalDays).Select(i => done.RangeStart!.Value.AddDays(i)).ToList();
        var orderCollections = days.Select(d => DataLayout.DailyOrders(id, d).Value + "/").Append(DataLayout.Orders(id).Value + "/").ToList();
        var orderWrites = recording.Written.Select(p => p.Value).Where(p => orderCollections.Any(c => p.StartsWith(c, StringComparison.Ordinal))).ToHashSet();
        var expected = added.SelectMany(e => new[] { DataLayout.Order(id, e).Value, DataLayout.DailyOrder(id, yesterday.AddDays(-2), e).Value })
            .Concat([DataLayout.Order(id, damaged).Value, DataLayout.DailyOrder(id, damagedDay, damaged).Value])
            .ToHashSet();
        Assert.Equal(expected.Order(StringComparer.Ordinal), orderWrites.Order(StringComparer.Ordinal));
        Assert.NotNull(await store.GetAsync(DataLayout.Order(id, damaged), ct));
        await AssertMatchesSandboxAsync(store, sandbox, refreshed, QueryEveryDay, runWroteEveryDay: false);

        // A re-sync rewrites what it reads, hashes or not: it is how a day edited behind the app's back is repaired.
        var resync = await host.Coordinator.ResyncAsync(id, [damagedDay], ct);
        Assert.True(resync.Accepted, resync.Message);
        var resynced = await host.WaitForAsync(Account, s => s.State is BackfillState.Completed or BackfillState.Failed && s.RunId == resync.Status!.RunId);
        Assert.True(resynced.State == BackfillState.Completed, resynced.Error);
        Assert.Contains(recording.Written, p => p == DataLayout.DailyOrder(id, damagedDay, intact));
    }

    [Fact]
    public async Task Refresh_ListsOnlyWhatKlaviyoChanged_AndTheWeeklyFullListingMarksWhatIsGone()
    {
        await using var month = await CopyThirtyDaysAsync();
        var (sandbox, store, host, id, done) = (month.Sandbox, month.Store, month.Host, month.Id, month.Done);
        var ct = TestContext.Current.CancellationToken;
        using var changes = await ControlAsync(sandbox, HttpMethod.Post, "_control/changes", $$"""
            {"account":"{{Account}}","update_campaigns":2,"delete_campaigns":1}
            """);
        var renamed = changes.RootElement.GetProperty("updated_campaigns").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("name").GetString()!);
        var gone = changes.RootElement.GetProperty("deleted_campaigns")[0].GetString()!;
        var untouched = await store.QueryAsync(Query.Collection(DataLayout.Campaigns(id)), ct)
            .FirstAsync(d => !renamed.ContainsKey(d.Id) && d.Id != gone, ct);

        // The backfill listed everything a moment ago, so this refresh lists only the changes: one request per
        // campaign channel and one for flows, where a full listing takes two each.
        var incremental = await host.Coordinator.RefreshAsync(id, new RefreshRequest(LookbackDays: 2), ct);
        var first = await host.WaitForAsync(Account, s => s.State == BackfillState.Completed && s.RunId == incremental.Status!.RunId);
        foreach (var (campaignId, name) in renamed)
        {
            Assert.Equal(name, (await store.GetAsync(DataLayout.Campaign(id, campaignId), ct))!.Get<string>(FieldPath.Of("name")));
        }

        var kept = (await store.GetAsync(DataLayout.Campaign(id, untouched.Id), ct))!;
        Assert.Equal(untouched.Get<string>(FieldPath.Of("name")), kept.Get<string>(FieldPath.Of("name")));
        Assert.Equal(untouched.Fields["messages"]!.ToString(), kept.Fields["messages"]!.ToString());
        Assert.NotNull(kept.Fields["statistics"]);
        Assert.Null((await store.GetAsync(DataLayout.Campaign(id, gone), ct))!.Get<bool?>(FieldPath.Of("deleted_in_klaviyo")));
        Assert.Equal(done.Coverage, first.Coverage);

        // A week after the last full listing, the next refresh lists everything again and finds the deleted campaign.
        await store.CommitAsync(
            [Write.Merge(
                DataLayout.KlaviyoData(id),
                new Dictionary<string, object?> { ["catalog_fully_listed_at"] = DateTimeOffset.UtcNow.AddDays(-8) },
                [FieldPath.Of("catalog_fully_listed_at")])],
            ct);
        var full = await host.Coordinator.RefreshAsync(id, new RefreshRequest(LookbackDays: 2), ct);
        var second = await host.WaitForAsync(Account, s => s.State == BackfillState.Completed && s.RunId == full.Status!.RunId);
        Assert.True((await store.GetAsync(DataLayout.Campaign(id, gone), ct))!.Get<bool?>(FieldPath.Of("deleted_in_klaviyo")));
        Assert.True(second.KlaviyoRequests - first.KlaviyoRequests >= 4, $"full {second.KlaviyoRequests}, changes only {first.KlaviyoRequests}");
        Assert.Equal(done.Coverage, second.Coverage);
    }

    [Fact]
    public async Task Validation_FindsExactlyTheDaysThatDiffer_AndResyncMakesThemEqual()
    {
        await using var month = await CopyThirtyDaysAsync();
        var (sandbox, store, host, id, done) = (month.Sandbox, month.Store, month.Host, month.Id, month.Done);
        var ct = TestContext.Current.CancellationToken;
        var queries = host.Services.GetRequiredService<BackfillDataQueries>();
        var yesterday = done.RangeEnd!.Value;

        // Every run validates the days it wrote.
        var afterRun = await queries.GetValidationAsync(id, ct);
        Assert.Equal(30, afterRun.CheckedDays);
        Assert.Empty(afterRun.Mismatched);

        // An order deleted behind the app's back, and late orders for a day outside any refresh's lookback.
        var tampered = yesterday.AddDays(-5);
        var victim = await store.QueryAsync(Query.Collection(DataLayout.DailyOrders(id, tampered)).WithLimit(1), ct).FirstAsync(ct);
        await store.CommitAsync([Write.Delete(victim.Path), Write.Delete(DataLayout.Order(id, victim.Id))], ct);
        var late = yesterday.AddDays(-20);
        using var changes = await ControlAsync(sandbox, HttpMethod.Post, "_control/changes", $$"""
            {"account":"{{Account}}","add_orders":[{"date":"{{late:yyyy-MM-dd}}","count":2}]}
            """);
        var client = (await host.Services.GetRequiredService<Services.Clients.ClientRegistry>().GetAsync(id, ct))!;

        await host.Services.GetRequiredService<Services.Backfill.Validation.CopyValidator>().ValidateAsync(client, done.Coverage.Orders, ct);

        var found = await queries.GetValidationAsync(id, ct);
        Assert.Equal(30, found.CheckedDays);
        Assert.Equal([late, tampered], found.Mismatched.Select(d => d.Date));
        Assert.Equal(found.Mismatched[0].StoredOrders + 2, found.Mismatched[0].KlaviyoOrders);
        Assert.Equal(found.Mismatched[1].StoredOrders + 1, found.Mismatched[1].KlaviyoOrders);
        Assert.Equal(2, (await queries.GetSummaryAsync(id, ct))!.Validation.Mismatched.Count);

        var resync = await host.Coordinator.ResyncAsync(id, [.. found.Mismatched.Select(d => d.Date)], ct);
        Assert.True(resync.Accepted, resync.Message);
        var resynced = await host.WaitForAsync(Account, s => s.State == BackfillState.Completed && s.RunId == resync.Status!.RunId);
        Assert.Equal(RunKind.Resync, resynced.Parameters.Kind);
        Assert.Equal(2, resynced.TotalDays);
        Assert.Equal(2, resynced.DaysCompleted);

        var clean = await queries.GetValidationAsync(id, ct);
        Assert.Equal(30, clean.CheckedDays);
        Assert.Empty(clean.Mismatched);
        Assert.Equal(done.Coverage, resynced.Coverage);
        await AssertMatchesSandboxAsync(store, sandbox, resynced, QueryEveryDay, runWroteEveryDay: false);
    }

    [Fact]
    public async Task ThirtyDays_RunsWithoutOrdersAndRefreshesChangeNothing_AndClearDataLeavesNoDocument()
    {
        await using var month = await CopyThirtyDaysAsync();
        var (store, host, id, done) = (month.Store, month.Host, month.Id, month.Done);
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(30, done.Coverage.Orders.Days);
        Assert.Equal(done.Coverage.Orders, done.Coverage.DailyStatistics);
        Assert.Equal(done.Coverage.Orders, done.Coverage.Totals);
        var first = await StoreSnapshot.TakeAsync(store, id, done.RangeStart!.Value, done.RangeEnd!.Value, QueryEveryDay);
        Assert.Contains(first.Keys, k => k.Contains("/orders/", StringComparison.Ordinal));

        // Without orders a run writes no order and none of a rollup's order figures: every document stays as it was.
        await host.Coordinator.StartAsync(id, new BackfillRequest(Days: 7, IncludeOrders: false), ct);
        var orderless = await host.WaitForAsync(Account, s => s.State == BackfillState.Completed && !s.Parameters.IncludeOrders);
        Assert.Equal(0, orderless.Orders);
        Assert.Equal(done.Coverage, orderless.Coverage);
        StoreSnapshot.AssertEqual(first, await StoreSnapshot.TakeAsync(store, id, done.RangeStart.Value, done.RangeEnd.Value, QueryEveryDay));

        // A refresh of an unchanged account re-reads its lookback and changes nothing; twice, still nothing.
        for (var i = 0; i < 2; i++)
        {
            var refresh = await host.Coordinator.RefreshAsync(id, new RefreshRequest(LookbackDays: 3), ct);
            Assert.True(refresh.Accepted, refresh.Message);
            var refreshed = await host.WaitForAsync(Account, s => s.State == BackfillState.Completed && s.RunId == refresh.Status!.RunId);
            Assert.Equal(RunKind.Refresh, refreshed.Parameters.Kind);
            Assert.Equal(done.RangeEnd.Value.AddDays(-2), refreshed.RangeStart);
            Assert.Equal(done.RangeEnd, refreshed.RangeEnd);
            Assert.Equal(0, refreshed.DeletedOrders);
            Assert.Equal(done.Coverage, refreshed.Coverage);
            StoreSnapshot.AssertEqual(first, await StoreSnapshot.TakeAsync(store, id, done.RangeStart.Value, done.RangeEnd.Value, QueryEveryDay));
        }

        var history = await host.Services.GetRequiredService<Services.Backfill.History.RunHistory>().ListAsync(id, 10, null, ct);
        Assert.Equal(
            [RunKind.Refresh, RunKind.Refresh, RunKind.Backfill, RunKind.Backfill],
            history.Runs.Select(r => r.Parameters.Kind));
        Assert.All(history.Runs, r => Assert.Equal(BackfillState.Completed, r.State));
        Assert.Equal(done.Orders, history.Runs[^1].Orders);

        var cleared = await host.Coordinator.ClearDataAsync(id, ct);
        Assert.True(cleared.Accepted, cleared.Message);
        Assert.True(cleared.Status!.Coverage.IsEmpty);
        Assert.Empty(await store.ListCollectionIdsAsync(DataLayout.KlaviyoData(id), ct));
        Assert.Null(await store.GetAsync(DataLayout.BackfillStatus(id), ct));
    }

    [Fact]
    public async Task AHostStoppedMidRun_IsResumedByTheNextHost_AtItsCheckpoint_WithIdenticalData()
    {
        // Latency on every sandbox answer spreads the run out, so the stop lands mid-run.
        await using var sandbox = await BackfillTestHost.StartSandboxAsync(o => o.Faults[Account] = new() { LatencyMs = 250 });
        // The reference run goes to a fresh embedded store: the resumed run must match it byte for byte, whatever its store.
        await using var reference = new Services.Storage.Embedded.EmbeddedDocumentStore(Path.Combine(ScratchDirectory, "reference.db"));
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

        var expected = await StoreSnapshot.TakeAsync(reference, done.ClientId, done.RangeStart!.Value, done.RangeEnd!.Value, QueryEveryDay);
        Assert.DoesNotContain("missing", expected.Values);
        var actual = await StoreSnapshot.TakeAsync(store, done.ClientId, done.RangeStart.Value, done.RangeEnd.Value, QueryEveryDay);
        Assert.Equal(expected.Keys, actual.Keys);
        StoreSnapshot.AssertEqual(expected, actual);
    }

    /// <summary>Days of the short runs that check report dates: enough for a month of campaigns, cheap on both stores.</summary>
    private const int ShortRangeDays = 45;

    /// <summary>An account west of UTC (Los Angeles) and one east of it (Berlin), under both of Klaviyo's label styles.</summary>
    public static TheoryData<string, SandboxDateLabels> DateLabelRuns => new()
    {
        { Account, SandboxDateLabels.Utc },
        { Account, SandboxDateLabels.Local },
        { "alder-and-ash", SandboxDateLabels.Utc },
        { "alder-and-ash", SandboxDateLabels.Local },
    };

    /// <summary>
    /// Reports label days as local midnight written <c>+00:00</c> (Klaviyo's spec) or with the local offset; either
    /// way every campaign's and flow's numbers must land on their own day. The year-long runs above use the default
    /// (<c>Utc</c>) style; these short runs compare every day's campaign and flow numbers too.
    /// </summary>
    [Theory]
    [MemberData(nameof(DateLabelRuns))]
    public async Task ShortRange_EitherDateLabelStyle_PutsEveryDaysOrdersCampaignsAndFlowsOnThatDay(string account, SandboxDateLabels labels)
    {
        await using var sandbox = await BackfillTestHost.StartSandboxAsync(o => o.DateLabels = labels);
        var store = await CreateStoreAsync();
        await using var _ = store as IAsyncDisposable;
        await using var host = await BackfillTestHost.StartAsync(store, sandbox.BaseAddress);
        await host.AddSandboxClientAsync(account);

        var started = await host.Coordinator.StartAsync(ClientId.Parse(account), new BackfillRequest(Days: ShortRangeDays), TestContext.Current.CancellationToken);
        Assert.True(started.Accepted, started.Message);
        var done = await host.WaitUntilFinishedAsync(account);

        Assert.True(done.State == BackfillState.Completed, $"{done.State}: {done.Error}");
        Assert.Equal(ShortRangeDays, done.TotalDays);
        await AssertMatchesSandboxAsync(store, sandbox, done, QueryEveryDay, account);
        await AssertDailyCampaignsAndFlowsMatchSandboxAsync(store, sandbox, done, account);
    }

    /// <summary>
    /// The last 30 days of <see cref="Account"/> copied into a fresh store, from a sandbox whose control routes are on
    /// (so a test can change Klaviyo afterwards): what the living-copy tests start from.
    /// </summary>
    private async Task<CopiedMonth> CopyThirtyDaysAsync()
    {
        var sandbox = await BackfillTestHost.StartSandboxAsync(o => o.EnableControlEndpoint = true);
        var store = await CreateStoreAsync();
        var host = await BackfillTestHost.StartAsync(store, sandbox.BaseAddress);
        await host.AddSandboxClientAsync(Account);
        var id = ClientId.Parse(Account);
        await host.Coordinator.StartAsync(id, new BackfillRequest(Days: 30), TestContext.Current.CancellationToken);
        var done = await host.WaitUntilFinishedAsync(Account);
        Assert.Equal(BackfillState.Completed, done.State);
        return new CopiedMonth(sandbox, store, host, id, done);
    }

    private sealed record CopiedMonth(SandboxServer Sandbox, IDocumentStore Store, BackfillTestHost Host, ClientId Id, BackfillStatus Done) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            if (Store is IAsyncDisposable store)
            {
                await store.DisposeAsync();
            }

            await Sandbox.DisposeAsync();
        }
    }

    /// <summary>Sends a sandbox control request and returns its JSON answer (empty for 204).</summary>
    protected static async Task<System.Text.Json.JsonDocument> ControlAsync(SandboxServer sandbox, HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await sandbox.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        return System.Text.Json.JsonDocument.Parse(text.Length == 0 ? "{}" : text);
    }

    protected static async Task ControlFaultsAsync(SandboxServer sandbox, HttpMethod method, string? json)
    {
        using var request = new HttpRequestMessage(method, "_control/faults");
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await sandbox.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static void Log(string message) => TestContext.Current.TestOutputHelper?.WriteLine(message);

    protected internal static async Task AssertMatchesSandboxAsync(
        IDocumentStore store, SandboxServer sandbox, BackfillStatus done, bool queryEveryDay, string account = Account, bool runWroteEveryDay = true)
    {
        if (!runWroteEveryDay)
        {
            // A refresh wrote only its lookback; the copy to check is everything covered.
            var covered = done.Coverage.Orders;
            done = done with { RangeStart = covered.First, RangeEnd = covered.Last, TotalDays = covered.Days };
        }

        var ct = TestContext.Current.CancellationToken;
        var oracle = new SandboxOracle(sandbox, account);
        var expected = await oracle.DailyOrdersAsync(done.TimeZone!, done.RangeStart!.Value, done.RangeEnd!.Value);
        var queries = new BackfillDataQueries(store, new Services.Clients.ClientRegistry(store, TimeProvider.System));
        var rollups = (await queries.GetDailyRollupsAsync(done.ClientId, ct)).ToDictionary(r => r.Date);

        Assert.Equal(done.TotalDays, rollups.Count);
        foreach (var (day, (count, revenue)) in expected)
        {
            Assert.True(rollups.TryGetValue(day, out var rollup), $"no rollup for {day}");
            Assert.True(count == rollup.Orders, $"{day}: {rollup.Orders} orders written, the sandbox counts {count}");
            Assert.True(revenue == rollup.RevenueByCurrency.Values.Sum(), $"{day}: revenue {rollup.RevenueByCurrency.Values.Sum()} written, the sandbox sums {revenue}");
            if (queryEveryDay)
            {
                var stored = await store.AggregateAsync(
                    Query.Collection(DataLayout.DailyOrders(done.ClientId, day)), [Aggregation.Count(), Aggregation.Sum(FieldPath.Of("value"))], ct);
                Assert.Equal(count, stored.Count());
                Assert.Equal((double)revenue, stored.Sum(), 6);
            }
        }

        // The orders themselves, grouped by their own date field, tell the same story as the rollups.
        var byDate = new Dictionary<string, (long Count, decimal Revenue)>();
        await foreach (var order in store.QueryAsync(Query.Collection(DataLayout.Orders(done.ClientId)), ct))
        {
            var date = order.Get<string>(FieldPath.Of("date"))!;
            var (c, r) = byDate.GetValueOrDefault(date);
            byDate[date] = (c + 1, r + (decimal)order.Get<double>(FieldPath.Of("value")));
        }

        foreach (var (day, (count, revenue)) in expected.Where(e => e.Value.Count > 0))
        {
            var (c, r) = byDate.GetValueOrDefault(DataLayout.FormatDate(day));
            Assert.True(c == count && Math.Abs(r - revenue) < 0.005m, $"{day}: orders collection has {c} orders / {r}, the sandbox {count} / {revenue}");
        }

        var allOrders = await store.AggregateAsync(Query.Collection(DataLayout.Orders(done.ClientId)), [Aggregation.Count()], ct);
        Assert.Equal(expected.Values.Sum(v => v.Count), allOrders.Count());
        if (runWroteEveryDay)
        {
            Assert.Equal(expected.Values.Sum(v => v.Count), done.Orders);
        }

        var summary = (await queries.GetSummaryAsync(done.ClientId, ct))!;
        Assert.Equal(await oracle.CampaignCountAsync(), summary.Campaigns);
        Assert.Equal(await oracle.FlowCountAsync(), summary.Flows);
        Assert.Equal(expected.Values.Sum(v => v.Count), summary.Orders);
        Assert.Equal(expected.Values.Sum(v => v.Revenue), summary.TotalRevenue);
    }

    /// <summary>
    /// Every day's campaign and flow documents hold the sandbox's recipients and conversions of that day, and no day
    /// holds any that the sandbox puts on another. A query per day: the range is short, so the emulator can afford it.
    /// </summary>
    private static async Task AssertDailyCampaignsAndFlowsMatchSandboxAsync(IDocumentStore store, SandboxServer sandbox, BackfillStatus done, string account)
    {
        var oracle = new SandboxOracle(sandbox, account);
        var (first, last) = (done.RangeStart!.Value, done.RangeEnd!.Value);
        var expectedCampaigns = await oracle.DailyCampaignsAsync(done.TimeZone!, first, last);
        var expectedFlows = await oracle.DailyFlowsAsync(first, last);
        var storedCampaigns = new Dictionary<(DateOnly, string), SandboxOracle.DayNumbers>();
        var storedFlows = new Dictionary<(DateOnly, string), SandboxOracle.DayNumbers>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            await ReadDayAsync(store, DataLayout.DailyCampaigns(done.ClientId, day), day, "campaign_id", storedCampaigns);
            await ReadDayAsync(store, DataLayout.DailyFlows(done.ClientId, day), day, "flow_id", storedFlows);
        }

        Assert.NotEmpty(expectedCampaigns);
        Assert.NotEmpty(expectedFlows);
        AssertSameCells("campaign", expectedCampaigns, storedCampaigns);
        AssertSameCells("flow", expectedFlows, storedFlows);
    }

    private static async Task ReadDayAsync(
        IDocumentStore store, CollectionPath collection, DateOnly day, string idField, Dictionary<(DateOnly, string), SandboxOracle.DayNumbers> cells)
    {
        await foreach (var document in store.QueryAsync(Query.Collection(collection), TestContext.Current.CancellationToken))
        {
            var statistics = DailyDocuments.ReadStatistics(document).Statistics;
            var numbers = new SandboxOracle.DayNumbers(statistics.Recipients, statistics.Conversions, Math.Round(statistics.ConversionValue, 2));
            if (numbers != default)
            {
                cells.Add((day, document.Get<string>(FieldPath.Of(idField))!), numbers);
            }
        }
    }

    private static void AssertSameCells(
        string kind, IReadOnlyDictionary<(DateOnly Day, string Id), SandboxOracle.DayNumbers> expected, Dictionary<(DateOnly, string), SandboxOracle.DayNumbers> stored)
    {
        foreach (var ((day, id), numbers) in expected.OrderBy(e => e.Key))
        {
            var rounded = numbers with { Value = Math.Round(numbers.Value, 2) };
            Assert.True(stored.TryGetValue((day, id), out var actual) && actual == rounded, $"{kind} {id} on {day}: stored {actual}, the sandbox has {rounded}");
        }

        Assert.True(stored.Count == expected.Count, $"{stored.Count} {kind} days with recipients or conversions stored, the sandbox has {expected.Count}: extra {string.Join(", ", stored.Keys.Except(expected.Keys).Take(5))}");
    }

    /// <summary>Everything under the client is where the layout says, and nothing else is there.</summary>
    private static async Task AssertLayoutAsync(IDocumentStore store, BackfillStatus done, bool queryEveryDay)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = done.ClientId;
        Assert.Equal(["klaviyo"], await store.ListCollectionIdsAsync(DataLayout.Client(client), ct));
        // unmatched_refunds: refunds in the range of orders placed before it (rogue-creamery's Shopify store refunds some).
        Assert.Equal(["campaigns", "daily", "daily_rollups", "flows", "orders", "unmatched_refunds"], await store.ListCollectionIdsAsync(DataLayout.KlaviyoData(client), ct));

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

        await foreach (var order in store.QueryAsync(Query.Collection(DataLayout.Orders(client)).WithLimit(queryEveryDay ? 2000 : 200), ct))
        {
            Assert.Equal(order.Id, order.Get<string>(FieldPath.Of("klaviyo_event_id")));
            var date = DateOnly.Parse(order.Get<string>(FieldPath.Of("date"))!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.NotNull(await store.GetAsync(DataLayout.DailyOrder(client, date, order.Id), ct));
        }
    }
}
