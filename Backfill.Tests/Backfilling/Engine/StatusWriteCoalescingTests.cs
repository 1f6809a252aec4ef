using System.Diagnostics;
using Backfill.Services.Backfill;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Backfilling.Engine;

/// <summary>
/// A fast run on the real clock checkpoints every day, many a second; the status document is written at most about
/// once a second all the same, and the last checkpoint and the final state still land.
/// </summary>
public sealed class StatusWriteCoalescingTests : IDisposable
{
    private const string Account = "alder-and-ash";
    private readonly string _directory = TestDirectory.NewPath("backfill-coalesce-");

    public void Dispose()
    {
        TestDirectory.Delete(_directory);
    }

    [Fact]
    public async Task FastRun_CheckpointingEveryDay_WritesTheStatusAboutOnceASecond_AndTheFinalStateLands()
    {
        const int days = 120;
        var id = ClientId.Parse(Account);
        await using var sandbox = await BackfillTestHost.StartSandboxAsync();
        await using var embedded = new EmbeddedDocumentStore(Path.Combine(_directory, "store.db"));
        var store = new StatusWriteCountingStore(embedded, DataLayout.BackfillStatus(id));
        await using var host = await BackfillTestHost.StartAsync(store, sandbox.BaseAddress, new Dictionary<string, string?>
        {
            ["Backfill:CheckpointWrites"] = "0",
            ["Backfill:CheckpointInterval"] = "00:00:00",
        });
        await host.AddSandboxClientAsync(Account);
        var before = store.StatusWrites;

        var clock = Stopwatch.StartNew();
        var started = await host.Coordinator.StartAsync(id, new BackfillRequest(Days: days), TestContext.Current.CancellationToken);
        Assert.True(started.Accepted, started.Message);
        var done = await host.WaitUntilFinishedAsync(Account);
        var elapsed = clock.Elapsed;
        var writes = store.StatusWrites - before;

        Assert.Equal(BackfillState.Completed, done.State);
        Assert.Equal(days, done.DaysCompleted);
        // Around the checkpoints: queued, started, the account read, and the final state (a few more on a retry).
        Assert.True(writes <= (int)Math.Ceiling(elapsed.TotalSeconds) + 8, $"{writes} status writes in {elapsed} for {days} checkpoints");
        TestContext.Current.TestOutputHelper?.WriteLine($"{writes} status writes in {elapsed} for {days} daily checkpoints");
        // The board shows the end as soon as the run records it; the store gets it from the save right after.
        var stored = await StoredStatusAsync(embedded, id);
        for (var wait = Stopwatch.StartNew(); stored.State != BackfillState.Completed && wait.Elapsed < TimeSpan.FromSeconds(10);)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            stored = await StoredStatusAsync(embedded, id);
        }

        Assert.Equal(BackfillState.Completed, stored.State);
        Assert.Equal(done.RangeEnd, stored.LastCompletedDate);
        Assert.Equal(days, stored.DaysCompleted);
    }

    private static async Task<BackfillStatus> StoredStatusAsync(EmbeddedDocumentStore store, ClientId id) =>
        Services.Backfill.Documents.BackfillStatusDocument.FromDocument(
            id, Account, (await store.GetAsync(DataLayout.BackfillStatus(id), TestContext.Current.CancellationToken))!);
}
