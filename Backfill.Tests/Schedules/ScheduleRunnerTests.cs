using Backfill.Services.Backfill;
using Backfill.Services.Schedules;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Infrastructure;
using Backfill.Tests.Web.Components;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.Schedules;

/// <summary>The scheduler under a fake clock, with the embedded store and a coordinator double that records commands.</summary>
public sealed class ScheduleRunnerTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("backfill-schedules-").FullName;
    private readonly FakeTimeProvider _clock = new(ScheduleTime.At("2026-06-01T12:00:00Z"));
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
    public async Task Tick_AtTheAccountsLocalTime_RefreshesOnce()
    {
        var coordinator = new FakeBackfillCoordinator(Status("acme", "America/Los_Angeles"));
        var (book, runner) = Scheduler(coordinator);

        await runner.TickAsync(Ct);
        // 03:00 in Los Angeles on 2026-06-02 is 10:00 UTC.
        _clock.SetUtcNow(ScheduleTime.At("2026-06-02T09:59:59Z"));
        await runner.TickAsync(Ct);
        var before = coordinator.Commands.Count;
        _clock.SetUtcNow(ScheduleTime.At("2026-06-02T10:00:00Z"));
        await runner.TickAsync(Ct);
        _clock.SetUtcNow(ScheduleTime.At("2026-06-02T10:05:00Z"));
        await runner.TickAsync(Ct);

        Assert.Equal(0, before);
        var command = Assert.Single(coordinator.Commands);
        Assert.Equal(("refresh", ClientId.Parse("acme")), (command.Name, command.ClientId!.Value));
        var state = (await book.GetAsync(Ct)).States[ClientId.Parse("acme")];
        Assert.Equal(ScheduleOutcome.Started, state.LastOutcome);
        Assert.Equal(ScheduleTime.At("2026-06-02T10:00:00Z"), state.LastSlot);
        Assert.Equal(ScheduleKind.Refresh, state.LastKind);
    }

    [Fact]
    public async Task Restart_AfterThreeMissedDays_RunsOnce_AndTheNextRestartDoesNotRepeatIt()
    {
        var coordinator = new FakeBackfillCoordinator(Status("acme", "Europe/Berlin"));
        var (_, first) = Scheduler(coordinator);
        await first.TickAsync(Ct);
        _clock.SetUtcNow(ScheduleTime.At("2026-06-02T01:00:00Z"));
        await first.TickAsync(Ct);
        Assert.Single(coordinator.Commands);

        // Down from 2026-06-02 02:00 UTC until 2026-06-05 13:00 UTC: three 03:00 Berlin slots passed.
        _clock.SetUtcNow(ScheduleTime.At("2026-06-05T13:00:00Z"));
        var (afterRestartBook, afterRestart) = Scheduler(coordinator);
        await afterRestart.TickAsync(Ct);
        _clock.Advance(TimeSpan.FromSeconds(30));
        await afterRestart.TickAsync(Ct);
        var (_, secondRestart) = Scheduler(coordinator);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await secondRestart.TickAsync(Ct);

        Assert.Equal(2, coordinator.Commands.Count);
        var state = (await afterRestartBook.GetAsync(Ct)).States[ClientId.Parse("acme")];
        Assert.Equal(ScheduleTime.At("2026-06-05T01:00:00Z"), state.LastSlot);
        Assert.Equal(ScheduleTime.At("2026-06-05T13:00:00Z"), state.LastRunAt);
    }

    [Fact]
    public async Task Tick_ClientAlreadyRunning_IsSkipped_WithTheReasonPersisted()
    {
        var coordinator = new FakeBackfillCoordinator(Status("acme", "UTC"), Status("busy", "UTC", BackfillState.InProgress));
        var (_, runner) = Scheduler(coordinator);
        await runner.TickAsync(Ct);

        _clock.SetUtcNow(ScheduleTime.At("2026-06-02T03:00:00Z"));
        await runner.TickAsync(Ct);
        var stored = await new ScheduleStore(_store).ListStatesAsync(Ct);

        var command = Assert.Single(coordinator.Commands);
        Assert.Equal(ClientId.Parse("acme"), command.ClientId);
        var skipped = stored[ClientId.Parse("busy")];
        Assert.Equal(ScheduleOutcome.Skipped, skipped.LastOutcome);
        Assert.Contains("already in progress", skipped.LastReason, StringComparison.Ordinal);
        Assert.Equal(ScheduleTime.At("2026-06-02T03:00:00Z"), skipped.LastSlot);
        Assert.Equal(ScheduleOutcome.Started, stored[ClientId.Parse("acme")].LastOutcome);
    }

    [Fact]
    public async Task Tick_CoordinatorRefusesBecauseTheClientJustStarted_RecordsItsReason_AndDoesNotRetryTheSlot()
    {
        var coordinator = new FakeBackfillCoordinator(Status("acme", "UTC"))
        {
            Answer = _ => new BackfillCommandResult(BackfillCommandOutcome.Conflict, "acme is already running."),
        };
        var (book, runner) = Scheduler(coordinator);
        await runner.TickAsync(Ct);

        _clock.SetUtcNow(ScheduleTime.At("2026-06-02T03:00:00Z"));
        await runner.TickAsync(Ct);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await runner.TickAsync(Ct);

        Assert.Single(coordinator.Commands);
        var state = (await book.GetAsync(Ct)).States[ClientId.Parse("acme")];
        Assert.Equal((ScheduleOutcome.Skipped, "acme is already running."), (state.LastOutcome!.Value, state.LastReason));
    }

    [Fact]
    public async Task Tick_BackfillKind_StartsABackfill_AndEveryClientStartsAtItsOwnStaggeredMinute()
    {
        var clients = Enumerable.Range(1, 40).Select(i => Status($"client-{i:00}", "UTC")).ToArray();
        var coordinator = new FakeBackfillCoordinator(clients);
        var (book, runner) = Scheduler(coordinator, staggerMinutes: 30);
        await book.SetDefaultAsync(new ScheduleRequest("0 3 * * *", "backfill"), "test", Ct);
        await runner.TickAsync(Ct);

        var startedAt = new Dictionary<ClientId, DateTimeOffset>();
        for (var now = ScheduleTime.At("2026-06-02T02:59:00Z"); now < ScheduleTime.At("2026-06-02T03:31:00Z"); now = now.AddSeconds(30))
        {
            _clock.SetUtcNow(now);
            var before = coordinator.Commands.Count;
            await runner.TickAsync(Ct);
            foreach (var command in coordinator.Commands.Skip(before))
            {
                startedAt.Add(command.ClientId!.Value, now);
            }
        }

        Assert.All(coordinator.Commands, c => Assert.Equal("start", c.Name));
        Assert.Equal(40, startedAt.Count);
        foreach (var (client, at) in startedAt)
        {
            var due = ScheduleTime.At("2026-06-02T03:00:00Z") + ScheduleStagger.Offset(client, 30);
            Assert.InRange(at, due, due.AddSeconds(30));
        }

        Assert.True(startedAt.Values.Distinct().Count() > 20, "40 clients started in only a few moments");
    }

    [Fact]
    public async Task Tick_GlobalPause_StartsNothing_AndResumingDoesNotCatchUpThePausedTimes()
    {
        var coordinator = new FakeBackfillCoordinator(Status("acme", "UTC"));
        var (book, runner) = Scheduler(coordinator);
        await runner.TickAsync(Ct);
        await book.SetPausedAsync(true, "test", Ct);

        _clock.SetUtcNow(ScheduleTime.At("2026-06-02T03:00:00Z"));
        await runner.TickAsync(Ct);
        _clock.SetUtcNow(ScheduleTime.At("2026-06-02T08:00:00Z"));
        await book.SetPausedAsync(false, "test", Ct);
        await runner.TickAsync(Ct);
        var pausedCommands = coordinator.Commands.Count;
        _clock.SetUtcNow(ScheduleTime.At("2026-06-03T03:00:00Z"));
        await runner.TickAsync(Ct);

        Assert.Equal(0, pausedCommands);
        Assert.Single(coordinator.Commands);
    }

    [Fact]
    public async Task Tick_DisabledClientSchedule_StartsNothingForIt_OthersFollowTheDefault()
    {
        var coordinator = new FakeBackfillCoordinator(Status("acme", "UTC"), Status("other", "UTC"));
        var (book, runner) = Scheduler(coordinator);
        await book.SetClientScheduleAsync(ClientId.Parse("acme"), new ScheduleRequest("0 3 * * *", "refresh", false), "test", Ct);
        await runner.TickAsync(Ct);

        _clock.SetUtcNow(ScheduleTime.At("2026-06-02T03:00:00Z"));
        await runner.TickAsync(Ct);
        var listed = await book.ListAsync(Ct);

        Assert.Equal(ClientId.Parse("other"), Assert.Single(coordinator.Commands).ClientId);
        var acme = listed.Single(c => c.ClientId.Value == "acme");
        Assert.Null(acme.NextRunUtc);
        Assert.True(acme.IsOwn);
        var other = listed.Single(c => c.ClientId.Value == "other");
        Assert.Equal(ScheduleTime.At("2026-06-03T03:00:00Z"), other.NextRunUtc);
    }

    [Fact]
    public async Task List_NextRun_IsInUtcAndTheAccountsLocalTime_WithTheStagger()
    {
        var coordinator = new FakeBackfillCoordinator(Status("acme", "America/Los_Angeles"), Status("never-run", null));
        var (book, _) = Scheduler(coordinator, staggerMinutes: 30);

        var listed = await book.ListAsync(Ct);

        var acme = listed.Single(c => c.ClientId.Value == "acme");
        var offset = ScheduleStagger.Offset(ClientId.Parse("acme"), 30);
        Assert.Equal(ScheduleTime.At("2026-06-02T10:00:00Z") + offset, acme.NextRunUtc);
        Assert.Equal(TimeSpan.FromHours(-7), acme.NextRunLocal!.Value.Offset);
        Assert.Equal(new TimeOnly(3, 0).Add(offset), TimeOnly.FromDateTime(acme.NextRunLocal.Value.DateTime));
        Assert.Equal("every day at 03:00, America/Los_Angeles", acme.Description);
        Assert.True(acme.TimeZoneFromAccount);
        var neverRun = listed.Single(c => c.ClientId.Value == "never-run");
        Assert.Equal(("UTC", false), (neverRun.TimeZone, neverRun.TimeZoneFromAccount));
    }

    [Fact]
    public async Task HostedScheduler_OnTheFakeClock_StartsTheDueRun()
    {
        var coordinator = new FakeBackfillCoordinator(Status("acme", "UTC"));
        var (_, runner) = Scheduler(coordinator);
        using var service = new SchedulerService(
            runner, _clock, Options.Create(new ScheduleOptions { StaggerMinutes = 0, CheckInterval = TimeSpan.FromSeconds(30) }), NullLogger<SchedulerService>.Instance);
        await service.StartAsync(Ct);
        await WaitUntilAsync(async () => (await new ScheduleStore(_store).ListStatesAsync(Ct)).Count == 1);

        // Step the clock to 03:00 the next day, 30 s at a time, as the timer would see it.
        while (_clock.GetUtcNow() < ScheduleTime.At("2026-06-02T03:00:30Z") && coordinator.Commands.Count == 0)
        {
            _clock.Advance(TimeSpan.FromMinutes(30));
            await Task.Yield();
        }

        await WaitUntilAsync(() => Task.FromResult(coordinator.Commands.Count == 1));
        await service.StopAsync(Ct);

        Assert.Equal("refresh", Assert.Single(coordinator.Commands).Name);
    }

    private (ScheduleBook Book, ScheduleRunner Runner) Scheduler(FakeBackfillCoordinator coordinator, int staggerMinutes = 0)
    {
        var book = new ScheduleBook(new ScheduleStore(_store), coordinator, _clock, Options.Create(new ScheduleOptions { StaggerMinutes = staggerMinutes }));
        return (book, new ScheduleRunner(book, coordinator, _clock, NullLogger<ScheduleRunner>.Instance));
    }

    private static BackfillStatus Status(string id, string? timeZone, BackfillState state = BackfillState.Completed) =>
        BackfillStatus.NotStarted(ClientId.Parse(id), id) with { State = state, TimeZone = timeZone, RunId = state == BackfillState.NotStarted ? null : "run-1" };

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20, Ct);
        }
    }
}
