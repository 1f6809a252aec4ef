using System.Text.Json;
using Backfill.Services.Backfill;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Chaos;

/// <summary>
/// The app as a real process (<see cref="AppProcess"/>) against its own sandbox, on loopback, each scenario a short
/// run of a small account, on the embedded store and on a Firestore emulator project of its own. Every scenario ends the same way: status <c>completed</c>, and every covered day equal to
/// an identical sandbox (seed and history end shared) in both order paths — the day's copies and the orders
/// collection — with no duplicate.
/// </summary>
public sealed class ChaosTests : IDisposable
{
    private const string Account = "rogue-creamery";

    private readonly string _directory = TestDirectory.NewPath("backfill-chaos-");
    private readonly FirestoreEmulator _emulator;

    public ChaosTests(FirestoreEmulator emulator)
    {
        _emulator = emulator;
        Directory.CreateDirectory(_directory);
    }

    [Theory]
    [InlineData(ChaosStoreKind.Embedded)]
    [InlineData(ChaosStoreKind.Firestore)]
    public async Task KillNine_MidRun_NextProcessResumesAtItsCheckpoint_AndTheCopyIsExact(ChaosStoreKind kind)
    {
        var store = ChaosStore.Create(kind, _directory, _emulator);
        // Latency spreads the run out so the kill lands mid-run; small chunks give a checkpoint to resume from.
        var slow = new Dictionary<string, string>
        {
            ["Klaviyo__Sandbox__Faults__rogue-creamery__LatencyMs"] = "120",
            ["Backfill__CheckpointWrites"] = "150",
        };
        var first = await AppProcess.StartAsync(store, slow);
        await using (first)
        {
            await first.PostAsync($"api/backfill/start/{Account}?days=60");
            var midway = await first.WaitForAsync(Account, s => s.GetProperty("days_completed").GetInt32() >= 10);
            Assert.Equal("in_progress", midway.GetProperty("status").GetString());
            await first.KillAsync();
        }

        var stored = await ChaosCopy.ReadStoredStatusAsync(store, Account);
        Assert.Equal(BackfillState.InProgress, stored.State);
        Assert.NotNull(stored.LastCompletedDate);
        Assert.True(stored.LastCompletedDate < stored.RangeEnd, $"checkpoint {stored.LastCompletedDate} should be before {stored.RangeEnd}");

        await using (var second = await AppProcess.StartAsync(store, slow))
        {
            var done = await second.WaitForAsync(Account, IsFinal);
            Assert.True(Status(done) == "completed", done.ToString());
            Assert.Equal(stored.RangeStart, DateOnly.Parse(done.GetProperty("range_start").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
            await second.KillAsync();
        }

        await ChaosCopy.AssertCopyIsExactAsync(store, Account);
    }

    [Theory]
    [InlineData(ChaosStoreKind.Embedded)]
    [InlineData(ChaosStoreKind.Firestore)]
    public async Task ServerErrorsA429StormAndBrokenBodies_AreRetried_AndTheCopyIsExact(ChaosStoreKind kind)
    {
        var store = ChaosStore.Create(kind, _directory, _emulator);
        await using (var app = await AppProcess.StartAsync(store))
        {
            await app.PostAsync("sandbox/klaviyo/_control/faults",
                $"{{\"account\":\"{Account}\",\"error_rate\":0.1,\"error_status\":503,\"throttle_requests\":10,\"throttle_seconds\":3,\"stall_body_requests\":2,\"reset_body_requests\":3}}");
            await app.PostAsync($"api/backfill/start/{Account}?days=45");
            var done = await app.WaitForAsync(Account, IsFinal);
            Assert.True(Status(done) == "completed", done.ToString());
            Assert.True(done.GetProperty("klaviyo_throttled").GetInt64() >= 10, done.ToString());
            await app.KillAsync();
        }

        await ChaosCopy.AssertCopyIsExactAsync(store, Account);
    }

    [Theory]
    [InlineData(ChaosStoreKind.Embedded)]
    [InlineData(ChaosStoreKind.Firestore)]
    public async Task RevokedKey_FailsTheRun_RestoredKeyAndRetry_CompleteIt(ChaosStoreKind kind)
    {
        var store = ChaosStore.Create(kind, _directory, _emulator);
        await using (var app = await AppProcess.StartAsync(store))
        {
            await app.PostAsync("sandbox/klaviyo/_control/faults", $"{{\"account\":\"{Account}\",\"revoked_key\":true}}");
            await app.PostAsync($"api/backfill/start/{Account}?days=30");
            var failed = await app.WaitForAsync(Account, IsFinal);
            Assert.True(Status(failed) == "failed", failed.ToString());

            await app.DeleteAsync("sandbox/klaviyo/_control/faults");
            await app.PostAsync($"api/backfill/retry/{Account}");
            // Done when it completes, or when it ends again with a failure other than the first one.
            var firstFailure = failed.GetProperty("error_at").ToString();
            var done = await app.WaitForAsync(Account, s => Status(s) == "completed" || (IsFinal(s) && s.GetProperty("error_at").ToString() != firstFailure));
            Assert.True(Status(done) == "completed", done.ToString());
            await app.KillAsync();
        }

        await ChaosCopy.AssertCopyIsExactAsync(store, Account);
    }

    public void Dispose()
    {
        TestDirectory.Delete(_directory);
    }

    internal static string? Status(JsonElement status) => status.GetProperty("status").GetString();

    internal static bool IsFinal(JsonElement status) => Status(status) is "completed" or "failed" or "cancelled";
}
