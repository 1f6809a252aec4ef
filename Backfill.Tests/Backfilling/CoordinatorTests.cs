using Backfill.Services.Backfill;
using Backfill.Services.Clients;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Backfilling;

/// <summary>The coordinator's rules (one run per client, cancel, retry, clear, start-all, isolation), on the embedded store and the sandbox.</summary>
public sealed class CoordinatorTests : IAsyncLifetime
{
    private readonly string _directory = TestDirectory.NewPath("backfill-coordinator-");
    private EmbeddedDocumentStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _store = new EmbeddedDocumentStore(Path.Combine(_directory, "store.db"));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        TestDirectory.Delete(_directory);
    }

    private static Task<SandboxServer> SlowSandboxAsync(int latencyMs = 200, Action<Backfill.KlaviyoSandbox.SandboxOptions>? configure = null) =>
        BackfillTestHost.StartSandboxAsync(o =>
        {
            o.Faults["rogue-creamery"] = new() { LatencyMs = latencyMs };
            o.Faults["alder-and-ash"] = new() { LatencyMs = latencyMs };
            configure?.Invoke(o);
        });

    [Fact]
    public async Task Start_WhileRunning_IsRefused_AndSoAreClearAndRemove()
    {
        await using var sandbox = await SlowSandboxAsync();
        await using var host = await BackfillTestHost.StartAsync(_store, sandbox.BaseAddress);
        await host.AddSandboxClientAsync("rogue-creamery");
        var id = ClientId.Parse("rogue-creamery");

        var first = await host.Coordinator.StartAsync(id, new BackfillRequest(Days: 120), Ct);
        var second = await host.Coordinator.StartAsync(id, new BackfillRequest(Days: 7), Ct);
        var clear = await host.Coordinator.ClearAsync(id, Ct);
        var remove = await host.Coordinator.RemoveClientAsync(id, Ct);

        Assert.True(first.Accepted);
        Assert.Equal(BackfillCommandOutcome.Conflict, second.Outcome);
        Assert.Equal(BackfillCommandOutcome.Conflict, clear.Outcome);
        Assert.Equal(BackfillCommandOutcome.Conflict, remove.Outcome);
        var done = await host.WaitUntilFinishedAsync("rogue-creamery");
        Assert.Equal(BackfillState.Completed, done.State);
        Assert.Equal(120, done.TotalDays);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancel_StopsTheRun_KeepsTheCheckpoint_AndRetryFinishesFromIt(bool startAgainWithTheSameParameters)
    {
        await using var sandbox = await SlowSandboxAsync(latencyMs: 300);
        await using var host = await BackfillTestHost.StartAsync(_store, sandbox.BaseAddress, new Dictionary<string, string?> { ["Backfill:CheckpointWrites"] = "200" });
        await host.AddSandboxClientAsync("rogue-creamery");
        var id = ClientId.Parse("rogue-creamery");
        await host.Coordinator.StartAsync(id, new BackfillRequest(Days: 200), Ct);
        await host.WaitForAsync("rogue-creamery", s => s.DaysCompleted >= 20);

        var cancel = await host.Coordinator.CancelAsync(id, Ct);
        var cancelled = await host.WaitUntilFinishedAsync("rogue-creamery");

        Assert.True(cancel.Accepted, cancel.Message);
        Assert.Equal(BackfillState.Cancelled, cancelled.State);
        Assert.NotNull(cancelled.LastCompletedDate);
        Assert.True(cancelled.DaysCompleted is >= 20 and < 200, $"days completed: {cancelled.DaysCompleted}");
        Assert.Equal(BackfillCommandOutcome.Conflict, (await host.Coordinator.CancelAsync(id, Ct)).Outcome);

        // Start with the run's own parameters continues it, as Retry does, rather than starting over.
        var retry = startAgainWithTheSameParameters
            ? await host.Coordinator.StartAsync(id, new BackfillRequest(Days: 200), Ct)
            : await host.Coordinator.RetryAsync(id, Ct);
        Assert.True(retry.Accepted, retry.Message);
        Assert.Equal(cancelled.RunId, retry.Status!.RunId);
        var done = await host.WaitForAsync("rogue-creamery", s => s.State == BackfillState.Completed);
        Assert.Equal(200, done.DaysCompleted);
        Assert.Equal(2, done.Attempts);
        Assert.Equal(cancelled.RangeStart, done.RangeStart);
        var rollups = await _store.AggregateAsync(Query.Collection(DataLayout.DailyRollups(id)), [Aggregation.Count(), Aggregation.Sum(FieldPath.Of("orders"))], Ct);
        Assert.Equal(200, rollups.Count());
        Assert.Equal(done.Orders, (long)rollups.Sum());
    }

    [Fact]
    public async Task OneClientsFailure_NeverStopsAnother_AndSaysWhatWentWrong()
    {
        await using var sandbox = await SlowSandboxAsync(latencyMs: 0, o => o.Faults["alder-and-ash"] = new() { RevokedKey = true });
        await using var host = await BackfillTestHost.StartAsync(_store, sandbox.BaseAddress);
        await host.AddSandboxClientAsync("rogue-creamery");
        await host.AddSandboxClientAsync("alder-and-ash");

        var all = await host.Coordinator.StartAllAsync(new BackfillRequest(Days: 14), testMode: false, Ct);
        var failed = await host.WaitUntilFinishedAsync("alder-and-ash");
        var completed = await host.WaitUntilFinishedAsync("rogue-creamery");

        Assert.Equal(2, all.Started.Count);
        Assert.Equal(BackfillState.Failed, failed.State);
        Assert.Contains("401", failed.Error, StringComparison.Ordinal);
        Assert.NotNull(failed.ErrorAt);
        Assert.DoesNotContain("pk_", failed.Error, StringComparison.Ordinal);
        Assert.Equal(BackfillState.Completed, completed.State);
        Assert.True(completed.Orders > 0);
    }

    [Fact]
    public async Task StartAll_InTestMode_StartsOnlyTheTestClient()
    {
        await using var sandbox = await SlowSandboxAsync(latencyMs: 0);
        await using var host = await BackfillTestHost.StartAsync(_store, sandbox.BaseAddress);
        await host.AddSandboxClientAsync("rogue-creamery");
        await host.AddSandboxClientAsync("alder-and-ash");

        var result = await host.Coordinator.StartAllAsync(new BackfillRequest(Days: 3), testMode: true, Ct);
        var done = await host.WaitUntilFinishedAsync("rogue-creamery");

        Assert.Equal(["rogue-creamery"], result.Started.Select(s => s.ClientId.Value));
        Assert.True(done.Parameters.TestMode);
        Assert.Equal(BackfillState.NotStarted, host.Coordinator.Board.Find(ClientId.Parse("alder-and-ash"))!.State);
    }

    [Fact]
    public async Task WithOneSlot_TheSecondClientWaitsQueued_ThenRuns()
    {
        await using var sandbox = await SlowSandboxAsync(latencyMs: 150);
        await using var host = await BackfillTestHost.StartAsync(_store, sandbox.BaseAddress, new Dictionary<string, string?> { ["Backfill:MaxParallelClients"] = "1" });
        await host.AddSandboxClientAsync("rogue-creamery");
        await host.AddSandboxClientAsync("alder-and-ash");

        await host.Coordinator.StartAsync(ClientId.Parse("rogue-creamery"), new BackfillRequest(Days: 30), Ct);
        await host.Coordinator.StartAsync(ClientId.Parse("alder-and-ash"), new BackfillRequest(Days: 30), Ct);
        var board = host.Coordinator.Board;

        Assert.Equal(BackfillState.Queued, board.Find(ClientId.Parse("alder-and-ash"))!.State);
        Assert.Equal(BackfillState.Completed, (await host.WaitUntilFinishedAsync("alder-and-ash")).State);
        Assert.Equal(BackfillState.Completed, host.Coordinator.Board.Find(ClientId.Parse("rogue-creamery"))!.State);
    }

    [Fact]
    public async Task AReportingQuotaLongerThanTheCeiling_ShowsWaitingRateLimit_WithTheResumeTime()
    {
        await using var sandbox = await SlowSandboxAsync(latencyMs: 0, o =>
        {
            o.RateLimitsEnabled = true;
            o.Faults["rogue-creamery"] = new() { ReportingDailyCap = 0 };
        });
        await using var host = await BackfillTestHost.StartAsync(_store, sandbox.BaseAddress);
        await host.AddSandboxClientAsync("rogue-creamery");

        await host.Coordinator.StartAsync(ClientId.Parse("rogue-creamery"), new BackfillRequest(Days: 7), Ct);
        var waiting = await host.WaitForAsync("rogue-creamery", s => s.State == BackfillState.WaitingRateLimit);

        Assert.NotNull(waiting.RateLimitedUntil);
        Assert.True(waiting.RateLimitedUntil > DateTimeOffset.UtcNow.AddMinutes(2), $"resume at {waiting.RateLimitedUntil}");
        Assert.Contains("rate limit", waiting.Phase, StringComparison.Ordinal);
        var cancel = await host.Coordinator.CancelAsync(ClientId.Parse("rogue-creamery"), Ct);
        Assert.True(cancel.Accepted);
        Assert.Equal(BackfillState.Cancelled, (await host.WaitUntilFinishedAsync("rogue-creamery")).State);
    }

    [Fact]
    public async Task Subscriptions_GetTheLatestBoard_AndUnsubscribeOnDispose()
    {
        await using var sandbox = await SlowSandboxAsync(latencyMs: 0);
        await using var host = await BackfillTestHost.StartAsync(_store, sandbox.BaseAddress);
        var before = host.Coordinator.SubscriberCount;
        var slow = host.Coordinator.Subscribe();
        Assert.Equal(before + 1, host.Coordinator.SubscriberCount);

        await host.AddSandboxClientAsync("rogue-creamery");
        await host.Coordinator.StartAsync(ClientId.Parse("rogue-creamery"), new BackfillRequest(Days: 5), Ct);
        await host.WaitUntilFinishedAsync("rogue-creamery");
        await Task.Delay(200, Ct);

        // A reader that never read still holds one snapshot only, and it is the newest.
        Assert.Equal(1, slow.Updates.Count);
        Assert.True(slow.Updates.TryRead(out var latest));
        Assert.Equal(BackfillState.Completed, latest.Find(ClientId.Parse("rogue-creamery"))!.State);
        slow.Dispose();
        Assert.Equal(before, host.Coordinator.SubscriberCount);
    }

    [Fact]
    public async Task AddClient_ValidatesTheId_AndRefusesDuplicates()
    {
        await using var sandbox = await SlowSandboxAsync(latencyMs: 0);
        await using var host = await BackfillTestHost.StartAsync(_store, sandbox.BaseAddress);

        var bad = await host.Coordinator.AddClientAsync(new NewClient("Bad/Id", "x"), Ct);
        var good = await host.Coordinator.AddClientAsync(new NewClient("acme", "Acme"), Ct);
        var duplicate = await host.Coordinator.AddClientAsync(new NewClient("acme", "Acme again"), Ct);

        Assert.Equal(BackfillCommandOutcome.Invalid, bad.Outcome);
        Assert.Contains("id", bad.Errors!.Keys);
        Assert.True(good.Accepted);
        Assert.Equal(BackfillCommandOutcome.Conflict, duplicate.Outcome);
        Assert.Null(await _store.GetAsync(DataLayout.Clients.Document("Bad"), Ct));
        Assert.Equal("Acme", (await new ClientRegistry(_store, TimeProvider.System).GetAsync(ClientId.Parse("acme"), Ct))!.Name);
    }
}
