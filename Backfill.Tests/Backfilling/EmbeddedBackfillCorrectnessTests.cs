using Backfill.Services.Backfill;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;

namespace Backfill.Tests.Backfilling;

/// <summary>The backfill correctness checks against the embedded store (a fresh SQLite file per store).</summary>
public sealed class EmbeddedBackfillCorrectnessTests : BackfillCorrectnessContract
{
    protected override bool QueryEveryDay => true;

    protected override Task<IDocumentStore> CreateStoreAsync() =>
        Task.FromResult<IDocumentStore>(new EmbeddedDocumentStore(Path.Combine(ScratchDirectory, Guid.NewGuid().ToString("N") + ".db")));

    /// <summary>Faults are Klaviyo-side; which store receives the data does not matter, so this runs here only.</summary>
    [Fact]
    public async Task TransientErrorsAndA429Storm_AreRetried_AndTheDataIsStillExact()
    {
        await using var sandbox = await BackfillTestHost.StartSandboxAsync();
        var store = await CreateStoreAsync();
        await using var _ = (IAsyncDisposable)store;
        await using var host = await BackfillTestHost.StartAsync(store, sandbox.BaseAddress);
        await host.AddSandboxClientAsync(Account);

        // 10% of answers are 503s, the next 12 requests are 429s, and every request for 3 s is a 429.
        await ControlFaultsAsync(sandbox, HttpMethod.Post,
            $"{{\"account\":\"{Account}\",\"error_rate\":0.1,\"error_status\":503,\"throttle_requests\":12,\"throttle_seconds\":3}}");
        await host.Coordinator.StartAsync(ClientId.Parse(Account), new BackfillRequest(Years: 1), TestContext.Current.CancellationToken);
        var done = await host.WaitUntilFinishedAsync(Account);
        await ControlFaultsAsync(sandbox, HttpMethod.Delete, null);

        Assert.Equal(BackfillState.Completed, done.State);
        Assert.True(done.KlaviyoThrottled >= 12, $"429s seen: {done.KlaviyoThrottled}");
        Assert.True(done.KlaviyoRequests > done.KlaviyoThrottled, $"requests: {done.KlaviyoRequests}");
        await AssertMatchesSandboxAsync(store, sandbox, done, QueryEveryDay);
    }

    /// <summary>Bodies that stall after the headers or break off mid-read cost an attempt each, never the run.</summary>
    [Fact]
    public async Task StalledAndResetBodies_AreRetried_AndTheDataIsStillExact()
    {
        await using var sandbox = await BackfillTestHost.StartSandboxAsync();
        var store = await CreateStoreAsync();
        await using var _ = (IAsyncDisposable)store;
        await using var host = await BackfillTestHost.StartAsync(store, sandbox.BaseAddress,
            new Dictionary<string, string?> { ["Klaviyo:AttemptTimeout"] = "00:00:02" });
        await host.AddSandboxClientAsync(Account);

        await ControlFaultsAsync(sandbox, HttpMethod.Post,
            $"{{\"account\":\"{Account}\",\"stall_body_requests\":3,\"reset_body_requests\":4}}");
        await host.Coordinator.StartAsync(ClientId.Parse(Account), new BackfillRequest(Days: 60), TestContext.Current.CancellationToken);
        var done = await host.WaitUntilFinishedAsync(Account);
        await ControlFaultsAsync(sandbox, HttpMethod.Delete, null);

        Assert.True(done.State == BackfillState.Completed, $"{done.State}: {done.Error}");
        await AssertMatchesSandboxAsync(store, sandbox, done, QueryEveryDay);
    }
}
