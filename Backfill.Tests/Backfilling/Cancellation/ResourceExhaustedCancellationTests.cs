using System.Diagnostics;
using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Backfilling.Cancellation;

/// <summary>
/// Cancel and shutdown reach the Firestore bulk writers while Firestore answers RESOURCE_EXHAUSTED (each refusal
/// means a backoff of about a minute). The emulator never refuses, so a loopback stand-in in front of it does
/// (<see cref="ResourceExhaustedFirestoreProxy"/>); everything else is the real emulator and the sandbox over HTTP.
/// </summary>
public sealed class ResourceExhaustedCancellationTests(FirestoreEmulator emulator)
{
    private const string Account = "rogue-creamery";
    private static readonly ClientId Id = ClientId.Parse(Account);

    [Fact]
    public async Task Cancel_WhileEveryBulkWriteIsRefused_ShowsCancelledWithinFiveSeconds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = await BackfillTestHost.StartSandboxAsync();
        await using var proxy = await ResourceExhaustedFirestoreProxy.StartAsync(emulator.Host);
        using var store = emulator.CreateStore(FirestoreEmulator.NewProjectId("cancel"), o => o.EmulatorHost = proxy.Host);
        await using var host = await BackfillTestHost.StartAsync(store, sandbox.BaseAddress);
        await host.AddSandboxClientAsync(Account);
        proxy.Exhausted = true;

        var started = await host.Coordinator.StartAsync(Id, new BackfillRequest(Days: 30), ct);
        Assert.True(started.Accepted, started.Message);
        await WaitUntilAsync(() => proxy.Refused > 0, "no bulk write was refused");
        await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        var clock = Stopwatch.StartNew();
        var cancel = await host.Coordinator.CancelAsync(Id, ct);
        Assert.True(cancel.Accepted, cancel.Message);
        var cancelled = await host.WaitForAsync(Account, s => s.State is not BackfillState.InProgress and not BackfillState.Queued, TimeSpan.FromMinutes(2));
        var elapsed = clock.Elapsed;

        Assert.Equal(BackfillState.Cancelled, cancelled.State);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"cancelled after {elapsed}");
        await WaitUntilAsync(async () => Stored(await store.GetAsync(DataLayout.BackfillStatus(Id), ct))?.State == BackfillState.Cancelled, "the stored status never said cancelled");
    }

    [Fact]
    public async Task Shutdown_WhileEveryBulkWriteIsRefused_StopsWithinTenSeconds_AndTheNextStartResumes()
    {
        var ct = TestContext.Current.CancellationToken;
        // Latency on every sandbox answer spreads the run out, so the refusals begin mid-run.
        await using var sandbox = await BackfillTestHost.StartSandboxAsync(o => o.Faults[Account] = new() { LatencyMs = 250 });
        await using var proxy = await ResourceExhaustedFirestoreProxy.StartAsync(emulator.Host);
        using var store = emulator.CreateStore(FirestoreEmulator.NewProjectId("shutdown"), o => o.EmulatorHost = proxy.Host);
        var first = await BackfillTestHost.StartAsync(store, sandbox.BaseAddress);
        await first.AddSandboxClientAsync(Account);
        await first.Coordinator.StartAsync(Id, new BackfillRequest(Days: 90), ct);
        var midway = await first.WaitForAsync(Account, s => s.DaysCompleted >= 3);
        Assert.Equal(BackfillState.InProgress, midway.State);
        proxy.Exhausted = true;
        await WaitUntilAsync(() => proxy.Refused > 0, "no bulk write was refused");
        await Task.Delay(TimeSpan.FromMilliseconds(500), ct);

        var clock = Stopwatch.StartNew();
        await first.StopAsync();
        var stopping = clock.Elapsed;
        await first.DisposeAsync();

        Assert.True(stopping < TimeSpan.FromSeconds(10), $"stopped after {stopping}");
        var stored = Stored(await store.GetAsync(DataLayout.BackfillStatus(Id), ct))!;
        Assert.Equal(BackfillState.InProgress, stored.State);
        Assert.NotNull(stored.LastCompletedDate);

        proxy.Exhausted = false;
        await using var second = await BackfillTestHost.StartAsync(store, sandbox.BaseAddress);
        var done = await second.WaitUntilFinishedAsync(Account, TimeSpan.FromMinutes(5));
        Assert.True(done.State == BackfillState.Completed, $"{done.State}: {done.Error}");
        Assert.Equal(2, done.Attempts);
        Assert.Equal(90, done.DaysCompleted);
        Assert.Equal(stored.RangeStart, done.RangeStart);
    }

    private static BackfillStatus? Stored(Document? document) =>
        document is null ? null : BackfillStatusDocument.FromDocument(Id, Account, document);

    private static Task WaitUntilAsync(Func<bool> condition, string message) => WaitUntilAsync(() => Task.FromResult(condition()), message);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string message)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), message);
            await Task.Delay(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
        }
    }
}
