using Backfill.KlaviyoSandbox;
using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Backfilling.Unstorable;

/// <summary>
/// The sandbox's wholesale day (see <see cref="SandboxWholesaleDay"/>) holds an order over Firestore's 1 MiB and an
/// order whose id the layout refuses. Neither may fail the day: the first lands without its raw JSON, the second is
/// recorded as skipped, and everything else of the day equals the sandbox. Runs against both stores.
/// </summary>
public abstract class UnstorableOrderContract : IDisposable
{
    private const string Account = "rogue-creamery";

    protected string ScratchDirectory { get; } = TestDirectory.NewPath("backfill-unstorable-");

    public void Dispose()
    {
        TestDirectory.Delete(ScratchDirectory);

        GC.SuppressFinalize(this);
    }

    protected abstract Task<IDocumentStore> CreateStoreAsync();

    [Fact]
    public async Task WholesaleDay_OversizedOrderLandsWithoutRawProperties_RefusedIdIsSkipped_RestEqualsTheSandbox()
    {
        var ct = TestContext.Current.CancellationToken;
        DateOnly historyEnd = default;
        await using var sandbox = await BackfillTestHost.StartSandboxAsync(o => historyEnd = o.HistoryEndDate!.Value);
        var store = await CreateStoreAsync();
        await using var _ = store as IAsyncDisposable;
        await using var host = await BackfillTestHost.StartAsync(store, sandbox.BaseAddress);
        await host.AddSandboxClientAsync(Account);
        var id = ClientId.Parse(Account);
        var day = SandboxWholesaleDay.For(historyEnd);

        var started = await host.Coordinator.ResyncAsync(id, [day], ct);
        Assert.True(started.Accepted, started.Message);
        var done = await host.WaitUntilFinishedAsync(Account);

        Assert.True(done.State == BackfillState.Completed, $"{done.State}: {done.Error}");
        Assert.Equal(day, done.LastCompletedDate);
        var skipped = await store.QueryAsync(Query.Collection(DataLayout.SkippedEvents(id)), ct).ToListAsync(ct);
        var refused = Assert.Single(skipped);
        Assert.StartsWith("refused-", refused.Id, StringComparison.Ordinal);
        var refusedId = refused.Get<string>(FieldPath.Of("klaviyo_event_id"))!;
        Assert.Matches("^__.+__$", refusedId);
        Assert.Contains("document id", refused.Get<string>(FieldPath.Of("reason")), StringComparison.Ordinal);
        Assert.Equal(DataLayout.FormatDate(day), refused.Get<string>(FieldPath.Of("date")));
        Assert.Equal(DataLayout.SkippedEvent(id, refusedId), refused.Path);

        var orders = await store.QueryAsync(Query.Collection(DataLayout.DailyOrders(id, day)), ct).ToListAsync(ct);
        var trimmed = Assert.Single(orders, o => o.Get<bool>(FieldPath.Of("raw_properties_truncated")));
        Assert.Null(trimmed[FieldPath.Of("raw_properties")]);
        Assert.Equal(SandboxWholesaleDay.WholesaleLineItems, Assert.IsAssignableFrom<IReadOnlyList<object?>>(trimmed[FieldPath.Of("line_items")]).Count);
        var mainCopy = await store.GetAsync(DataLayout.Order(id, trimmed.Id), ct);
        Assert.NotNull(mainCopy);
        Assert.True(mainCopy.Get<bool>(FieldPath.Of("raw_properties_truncated")));
        Assert.All(orders.Where(o => o.Id != trimmed.Id), o =>
        {
            Assert.NotNull(o.Get<string>(FieldPath.Of("raw_properties")));
            Assert.False(o.TryGet(FieldPath.Of("raw_properties_truncated"), out var _));
        });

        var oracle = new SandboxOracle(sandbox, Account);
        var (count, revenue) = (await oracle.DailyOrdersAsync(done.TimeZone!, day, day))[day];
        var refusedValue = (decimal)refused.Get<double>(FieldPath.Of("value"));
        var rollup = DailyRollup.FromDocument((await store.GetAsync(DataLayout.DailyRollup(id, day), ct))!);
        Assert.Equal(count - 1, rollup.Orders);
        Assert.Equal(count - 1, orders.Count);
        Assert.Equal(revenue - refusedValue, rollup.RevenueByCurrency.Values.Sum());
        Assert.Equal((double)(revenue - refusedValue), orders.Sum(o => o.Get<double>(FieldPath.Of("value"))), 4);
        Assert.True(rollup.SkippedEvents >= 1, $"rollup skipped {rollup.SkippedEvents}");
        Assert.Equal(rollup.SkippedEvents, done.SkippedEvents);
        var stored = BackfillStatusDocument.FromDocument(id, Account, (await store.GetAsync(DataLayout.BackfillStatus(id), ct))!);
        Assert.Equal(done.SkippedEvents, stored.SkippedEvents);
    }
}
