using Backfill.Services.Alerts;
using Backfill.Services.Backfill;
using Backfill.Services.Quota;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Infrastructure;
using Backfill.Tests.Quota;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.Backfilling.Resilience;

/// <summary>
/// The reporting budget end to end on the embedded store and the sandbox, under a fake clock: the ledger counts a run's
/// reporting calls and survives a restart; a run that needs more than is left parks as waiting_rate_limit without
/// holding its slot, and resumes by itself after 00:00 UTC.
/// </summary>
public sealed class ReportingBudgetParkingTests : IAsyncLifetime
{
    private readonly string _directory = TestDirectory.NewPath("backfill-budget-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every bucket unthrottled on our side: with a frozen clock a proactive wait would never end.</summary>
    private static readonly Dictionary<string, string?> Settings = new[]
        {
            "accounts", "campaigns", "flows", "metrics", "events", "metric-aggregates",
        }
        .SelectMany(bucket => new[] { ($"Klaviyo:Limits:{bucket}:Burst", "0"), ($"Klaviyo:Limits:{bucket}:Steady", "0") })
        .Concat([("Klaviyo:Reporting:DailyBudget", "4"), ("Backfill:MaxParallelClients", "1")])
        .ToDictionary(p => p.Item1, p => (string?)p.Item2);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        TestDirectory.Delete(_directory);

        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ARunOverTheBudget_ParksWithoutItsSlot_AndResumesAfterMidnightUtc_AndTheLedgerSurvivesARestart()
    {
        // 23:00 UTC of the real today: the sandbox's history ends yesterday, as the run's range does.
        var time = new FakeTimeProvider(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(23), TimeSpan.Zero));
        var midnight = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1), TimeSpan.Zero);
        var rogue = ClientId.Parse("rogue-creamery");
        var alder = ClientId.Parse("alder-and-ash");
        var signals = new RecordingAlertSignals();
        void Services(IServiceCollection services)
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton<IAlertSignals>(signals);
        }

        await using var sandbox = await BackfillTestHost.StartSandboxAsync();
        var path = Path.Combine(_directory, "store.db");

        // First process: a 7-day backfill spends 3 reporting calls (campaign values, flow values, one flow series window).
        await using (var first = new EmbeddedDocumentStore(path))
        {
            await using var host = await BackfillTestHost.StartAsync(first, sandbox.BaseAddress, Settings, services: Services);
            await host.AddSandboxClientAsync("rogue-creamery");
            await host.AddSandboxClientAsync("alder-and-ash");
            await host.Coordinator.StartAsync(rogue, new BackfillRequest(Days: 7), Ct);
            Assert.Equal(BackfillState.Completed, (await host.WaitUntilFinishedAsync("rogue-creamery")).State);
            Assert.Equal(3, (await host.Services.GetRequiredService<ReportingQuotaLedger>().GetAsync(rogue, Ct)).Used);
        }

        // A restart: a new store instance over the same file still knows today's 3 of 4.
        await using var store = new EmbeddedDocumentStore(path);
        await using var restarted = await BackfillTestHost.StartAsync(store, sandbox.BaseAddress, Settings, services: Services);
        var ledger = restarted.Services.GetRequiredService<ReportingQuotaLedger>();
        Assert.Equal(3, (await ledger.GetAsync(rogue, Ct)).Used);

        // A refresh of the same 7 days needs 3 more: parked until 00:00 UTC, with the reason.
        var start = await restarted.Coordinator.StartAsync(rogue, new BackfillRequest(Days: 7), Ct);
        Assert.True(start.Accepted, start.Message);
        var parked = await restarted.WaitForAsync("rogue-creamery", s => s.State == BackfillState.WaitingRateLimit);
        Assert.StartsWith("daily reporting budget used: 3/4; resumes 00:00 UTC", parked.Phase, StringComparison.Ordinal);
        Assert.Contains("needs 3 reporting calls", parked.Phase, StringComparison.Ordinal);
        Assert.Equal(midnight, parked.RateLimitedUntil);
        Assert.Contains(signals.BudgetExhausted, s => s.Client == rogue && s.ResumesAt == midnight);

        // The only slot is free: another client runs to completion meanwhile.
        await restarted.Coordinator.StartAsync(alder, new BackfillRequest(Days: 7), Ct);
        Assert.Equal(BackfillState.Completed, (await restarted.WaitUntilFinishedAsync("alder-and-ash")).State);
        Assert.Equal(BackfillState.WaitingRateLimit, restarted.Coordinator.Board.Find(rogue)!.State);
        var quota = await restarted.Services.GetRequiredService<ReportingQuotaReport>().GetAsync(Ct);
        Assert.Equal(3, quota.Single(q => q.Day.ClientId == rogue).RunNeeds);
        Assert.Null(quota.Single(q => q.Day.ClientId == alder).RunNeeds);

        // Past 00:00 UTC the new day's budget lets it run.
        time.Advance(midnight - time.GetUtcNow() + TimeSpan.FromMinutes(1));
        var done = await restarted.WaitUntilFinishedAsync("rogue-creamery");
        Assert.Equal(BackfillState.Completed, done.State);
        Assert.Equal(7, done.DaysCompleted);
        var tomorrow = await ledger.GetAsync(rogue, Ct);
        Assert.Equal(DateOnly.FromDateTime(midnight.UtcDateTime), tomorrow.Date);
        Assert.Equal(3, tomorrow.Used);
    }

    [Fact]
    public async Task KlaviyosDailyCap_MarksTheDayExhausted_AndTheParkedRunCanBeCancelled()
    {
        await using var sandbox = await BackfillTestHost.StartSandboxAsync(o =>
        {
            o.RateLimitsEnabled = true;
            o.Faults["rogue-creamery"] = new() { ReportingDailyCap = 0 };
        });
        await using var store = new EmbeddedDocumentStore(Path.Combine(_directory, "cap.db"));
        var signals = new RecordingAlertSignals();
        await using var host = await BackfillTestHost.StartAsync(store, sandbox.BaseAddress, services: s => s.AddSingleton<IAlertSignals>(signals));
        await host.AddSandboxClientAsync("rogue-creamery");
        var rogue = ClientId.Parse("rogue-creamery");

        await host.Coordinator.StartAsync(rogue, new BackfillRequest(Days: 7), Ct);
        var waiting = await host.WaitForAsync("rogue-creamery", s => s.State == BackfillState.WaitingRateLimit);

        Assert.Contains("rate limit", waiting.Phase, StringComparison.Ordinal);
        var day = await host.Services.GetRequiredService<ReportingQuotaLedger>().GetAsync(rogue, Ct);
        Assert.True(day.Exhausted);
        Assert.Equal(0, day.Remaining);
        Assert.Contains(signals.BudgetExhausted, s => s.Client == rogue);
        Assert.True((await host.Coordinator.CancelAsync(rogue, Ct)).Accepted);
        Assert.Equal(BackfillState.Cancelled, (await host.WaitUntilFinishedAsync("rogue-creamery")).State);
    }
}
