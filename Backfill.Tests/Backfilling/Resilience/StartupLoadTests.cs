using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Resilience;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Backfilling.Resilience;

/// <summary>The coordinator's start-up load against a store that fails at first and then answers.</summary>
public sealed class StartupLoadTests : IAsyncLifetime
{
    private readonly string _directory = TestDirectory.NewPath("backfill-startup-");
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

    [Fact]
    public async Task ALoadThatFailsAtFirst_IsRetried_AndTheInterruptedRunResumes()
    {
        await using var sandbox = await BackfillTestHost.StartSandboxAsync(o => o.Faults["rogue-creamery"] = new() { LatencyMs = 150 });
        var rogue = ClientId.Parse("rogue-creamery");

        // A run interrupted by a shutdown stays in_progress in the store.
        await using (var first = await BackfillTestHost.StartAsync(_store, sandbox.BaseAddress))
        {
            await first.AddSandboxClientAsync("rogue-creamery");
            await first.Coordinator.StartAsync(rogue, new BackfillRequest(Days: 60), Ct);
            await first.WaitForAsync("rogue-creamery", s => s.DaysCompleted >= 3);
            await first.StopAsync();
        }

        // The next start meets a store that fails its first two reads (a transient outage at boot).
        var outage = new OutageDocumentStore(_store) { FailReads = 2 };
        await using var host = await BackfillTestHost.StartAsync(
            outage, sandbox.BaseAddress, new Dictionary<string, string?> { ["Backfill:StartupLoad:BaseDelay"] = "00:00:00.200" });
        var done = await host.WaitForAsync("rogue-creamery", s => s.State == BackfillState.Completed);

        Assert.Equal(2, outage.FailedReads);
        Assert.True(host.Services.GetRequiredService<CoordinatorReadiness>().Loaded);
        Assert.Equal(60, done.DaysCompleted);
        Assert.True(done.Attempts >= 2, $"attempts: {done.Attempts}");
    }
}
