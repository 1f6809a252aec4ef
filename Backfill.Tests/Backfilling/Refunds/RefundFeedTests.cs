using Backfill.Services.Backfill;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Backfilling.Refunds;

/// <summary>
/// A run whose refund window is longer than <c>Backfill:WholeRefundWindowDays</c> reads its refunds as its days
/// advance (so a 10-year run does not hold ten years of them): it must store exactly what a run that reads them whole
/// stores, refunds that come later than its read-ahead included (the last pass puts those on their stored orders).
/// </summary>
public sealed class RefundFeedTests : IDisposable
{
    private readonly string _scratch = TestDirectory.NewPath("backfill-refund-feed-");

    public void Dispose()
    {
        TestDirectory.Delete(_scratch);
    }

    [Fact]
    public async Task RefundsReadAsTheDaysAdvance_StoreWhatAWholeReadStores()
    {
        const string account = "rogue-creamery";
        // History ending two days back: no refund can appear between the two runs.
        await using var sandbox = await BackfillTestHost.StartSandboxAsync(o => o.HistoryEndDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2));
        Directory.CreateDirectory(_scratch);
        var id = ClientId.Parse(account);

        var (whole, wholeStatus, wholeRewrites) = await RunAsync(sandbox.BaseAddress, "whole", configuration: null);
        // A 3-day read-ahead: the sandbox's refunds come up to 49 days after their orders, so most are read after their
        // order's day was written.
        var (streamed, streamedStatus, streamedRewrites) = await RunAsync(sandbox.BaseAddress, "streamed", new Dictionary<string, string?>
        {
            ["Backfill:WholeRefundWindowDays"] = "10",
            ["Backfill:RefundReadAheadDays"] = "3",
        });

        Assert.Equal(wholeStatus.Orders, streamedStatus.Orders);
        Assert.Equal(wholeStatus.UnmatchedRefunds, streamedStatus.UnmatchedRefunds);
        StoreSnapshot.AssertEqual(
            await StoreSnapshot.TakeAsync(whole, id, wholeStatus.RangeStart!.Value, wholeStatus.RangeEnd!.Value, queryEveryDay: true),
            await StoreSnapshot.TakeAsync(streamed, id, streamedStatus.RangeStart!.Value, streamedStatus.RangeEnd!.Value, queryEveryDay: true));

        // The whole read puts every refund on its order as the order is written; read as the days advance, the late
        // ones reach their orders in the last pass (so those orders are written twice): both paths were taken.
        Assert.Equal(0, wholeRewrites);
        Assert.True(streamedRewrites > 0, "no order was written again: the refunds were not read as the days advanced");
        await whole.DisposeAsync();
        await streamed.DisposeAsync();

        async Task<(EmbeddedDocumentStore Store, BackfillStatus Status, int Rewrites)> RunAsync(
            Uri address, string name, IReadOnlyDictionary<string, string?>? configuration)
        {
            var store = new EmbeddedDocumentStore(Path.Combine(_scratch, name + ".db"));
            var recording = new WriteRecordingStore(store) { Recording = true };
            await using var host = await BackfillTestHost.StartAsync(recording, address, configuration);
            await host.AddSandboxClientAsync(account);
            await host.Coordinator.StartAsync(id, new BackfillRequest(Days: 45), TestContext.Current.CancellationToken);
            var done = await host.WaitUntilFinishedAsync(account, TimeSpan.FromMinutes(5));
            Assert.True(done.State == BackfillState.Completed, done.Error);
            var orderWrites = recording.Written.Where(p => p.Parent == DataLayout.Orders(id)).ToList();
            return (store, done, orderWrites.Count - orderWrites.Distinct().Count());
        }
    }
}
