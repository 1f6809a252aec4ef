using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Chaos;

/// <summary>
/// The Firestore emulator killed (SIGKILL) mid-run and started again on the same port some seconds later, while the
/// app (a real process) keeps running: its writes fail, are retried, the run is retried automatically, and it ends
/// <c>completed</c> with every covered day equal to the sandbox, no duplicate. The emulator holds its documents in
/// memory only, so the scenario snapshots them just before the kill (the app frozen for that moment, so no write
/// is half-way) and the restarted emulator starts from that snapshot — as production Firestore keeps what it
/// acknowledged through an outage.
/// </summary>
public sealed class FirestoreOutageChaosTests : IDisposable
{
    private const string Account = "rogue-creamery";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "backfill-chaos-" + Guid.NewGuid().ToString("N"));

    public FirestoreOutageChaosTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task EmulatorKilledAndRestartedMidRun_RunSurvives_AndTheCopyIsExact()
    {
        var projectId = FirestoreEmulator.NewProjectId("outage");
        var emulator = await EmulatorProcess.StartAsync(_directory);
        try
        {
            var store = new ChaosStore.Firestore(emulator.Host, projectId);
            var settings = new Dictionary<string, string>
            {
                // Latency spreads the run out so the outage lands mid-run; small chunks checkpoint often.
                ["Klaviyo__Sandbox__Faults__rogue-creamery__LatencyMs"] = "120",
                ["Backfill__CheckpointWrites"] = "150",
                // The outage (an emulator start takes 10–30 s here) outlasts the store's own retries: the run fails
                // transiently and the automatic retries, shortened from 30 s, carry it over the gap.
                ["Backfill__AutoRetry__BaseDelay"] = "00:00:05",
                ["Backfill__AutoRetry__MaxDelay"] = "00:00:20",
                ["Backfill__AutoRetry__MaxAttempts"] = "8",
            };
            await using var app = await AppProcess.StartAsync(store, settings);
            await app.PostAsync($"api/backfill/start/{Account}?days=60");
            var midway = await app.WaitForAsync(Account, s => s.GetProperty("days_completed").GetInt32() >= 10);
            Assert.Equal("in_progress", midway.GetProperty("status").GetString());

            await app.SuspendAsync();
            string snapshot;
            try
            {
                // Let the emulator finish whatever it had received, then snapshot and kill it.
                await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
                snapshot = await emulator.ExportAsync(projectId, Path.Combine(_directory, "export"));
                await emulator.KillAsync();
            }
            finally
            {
                await app.ResumeAsync();
            }

            // The app runs on against a dead port for a while, then the emulator comes back on the same one.
            await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
            await emulator.DisposeAsync();
            emulator = await EmulatorProcess.StartAsync(_directory, emulator.Port, snapshot);

            var done = await app.WaitForAsync(Account, ChaosTests.IsFinal, TimeSpan.FromMinutes(6));
            Assert.True(ChaosTests.Status(done) == "completed", done.ToString());
            await app.KillAsync();
            await ChaosCopy.AssertCopyIsExactAsync(store, Account);
        }
        finally
        {
            await emulator.DisposeAsync();
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
