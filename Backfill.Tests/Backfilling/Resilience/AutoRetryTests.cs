using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Resilience;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Backfilling.Resilience;

/// <summary>
/// Automatic retries against the sandbox's fault injection: a transient fault is retried with backoff and recorded in
/// the run's history; a refused key fails at once; a fault that outlasts the attempts ends failed.
/// </summary>
public sealed class AutoRetryTests : IAsyncLifetime
{
    private readonly string _directory = TestDirectory.NewPath("backfill-autoretry-");
    private EmbeddedDocumentStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ClientId Rogue = ClientId.Parse("rogue-creamery");

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

    /// <summary>The Klaviyo client does not retry by itself here, so a 503 reaches the coordinator.</summary>
    private static Dictionary<string, string?> Settings(int maxAttempts, string baseDelay) => new()
    {
        ["Klaviyo:Retry:MaxRetryAttempts"] = "0",
        ["Backfill:AutoRetry:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Backfill:AutoRetry:BaseDelay"] = baseDelay,
    };

    /// <summary>Ends the injected errors (a reset would go back to the configured baseline, which has them).</summary>
    private static async Task RecoverAsync(Infrastructure.SandboxServer sandbox)
    {
        using var content = new StringContent("{\"account\":\"rogue-creamery\",\"error_rate\":0}", System.Text.Encoding.UTF8, "application/json");
        using var response = await sandbox.Client.PostAsync(new Uri("_control/faults", UriKind.Relative), content, Ct);
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task ATransientFault_IsRetriedAutomatically_RecordedInTheHistory_AndTheRunCompletes()
    {
        await using var sandbox = await BackfillTestHost.StartSandboxAsync(o => o.Faults["rogue-creamery"] = new() { ErrorRate = 1.0, ErrorStatus = 503 });
        await using var host = await BackfillTestHost.StartAsync(_store, sandbox.BaseAddress, Settings(maxAttempts: 5, baseDelay: "00:00:03"));
        await host.AddSandboxClientAsync("rogue-creamery");

        await host.Coordinator.StartAsync(Rogue, new BackfillRequest(Days: 5), Ct);
        var waiting = await host.WaitForAsync("rogue-creamery", s => s.State == BackfillState.Queued && s.Phase?.Contains("automatic retry 1 of 4", StringComparison.Ordinal) == true);
        Assert.Contains("503", waiting.Error, StringComparison.Ordinal);

        // Klaviyo recovers before the retry is due.
        await RecoverAsync(sandbox);

        var done = await host.WaitUntilFinishedAsync("rogue-creamery");
        Assert.Equal(BackfillState.Completed, done.State);
        Assert.Null(done.Error);
        Assert.True(done.Attempts >= 2, $"attempts: {done.Attempts}");
        var retries = await AutoRetryHistory.ListAsync(_store, Rogue, done.RunId!, Ct);
        Assert.Equal(done.Attempts - 1, retries.Count);
        Assert.Equal(1, retries[0].Retry);
        Assert.Contains("503", retries[0].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedKey_FailsAtOnce_WithoutAutomaticRetries()
    {
        await using var sandbox = await BackfillTestHost.StartSandboxAsync(o => o.Faults["rogue-creamery"] = new() { RevokedKey = true });
        await using var host = await BackfillTestHost.StartAsync(_store, sandbox.BaseAddress, Settings(maxAttempts: 3, baseDelay: "00:00:00.100"));
        await host.AddSandboxClientAsync("rogue-creamery");

        await host.Coordinator.StartAsync(Rogue, new BackfillRequest(Days: 5), Ct);
        var failed = await host.WaitUntilFinishedAsync("rogue-creamery");

        Assert.Equal(BackfillState.Failed, failed.State);
        Assert.Contains("401", failed.Error, StringComparison.Ordinal);
        Assert.Equal(1, failed.Attempts);
        Assert.Empty(await AutoRetryHistory.ListAsync(_store, Rogue, failed.RunId!, Ct));
    }

    [Fact]
    public async Task AFaultThatOutlastsTheAttempts_EndsFailed_AfterMaxAttempts()
    {
        await using var sandbox = await BackfillTestHost.StartSandboxAsync(o => o.Faults["rogue-creamery"] = new() { ErrorRate = 1.0, ErrorStatus = 503 });
        await using var host = await BackfillTestHost.StartAsync(_store, sandbox.BaseAddress, Settings(maxAttempts: 3, baseDelay: "00:00:00.100"));
        await host.AddSandboxClientAsync("rogue-creamery");

        await host.Coordinator.StartAsync(Rogue, new BackfillRequest(Days: 5), Ct);
        var failed = await host.WaitUntilFinishedAsync("rogue-creamery");

        Assert.Equal(BackfillState.Failed, failed.State);
        Assert.Contains("503", failed.Error, StringComparison.Ordinal);
        Assert.Equal(3, failed.Attempts);
        Assert.Equal(2, (await AutoRetryHistory.ListAsync(_store, Rogue, failed.RunId!, Ct)).Count);

        // Retry by hand still works and starts a fresh count.
        await RecoverAsync(sandbox);

        Assert.True((await host.Coordinator.RetryAsync(Rogue, Ct)).Accepted);
        Assert.Equal(BackfillState.Completed, (await host.WaitForAsync("rogue-creamery", s => s.State == BackfillState.Completed)).State);
    }
}
