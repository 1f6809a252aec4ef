using Backfill.Services.Schedules;
using Backfill.Services.Storage;

namespace Backfill.Tests.Schedules;

/// <summary>Schedules in a store: the same round trips against every store (embedded SQLite and the Firestore emulator).</summary>
public abstract class ScheduleStoreContract
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract IDocumentStore Store { get; }

    [Fact]
    public async Task Nothing_Stored_GivesTheBuiltInDefault_Unpaused()
    {
        var store = new ScheduleStore(Store);

        var settings = await store.GetSettingsAsync(Ct);

        Assert.Equal(ScheduleSettings.BuiltIn, settings);
        Assert.Equal(("0 3 * * *", ScheduleKind.Refresh, true), (settings.Default.Cron, settings.Default.Kind, settings.Default.Enabled));
        Assert.Empty(await store.ListSchedulesAsync(Ct));
        Assert.Empty(await store.ListStatesAsync(Ct));
    }

    [Fact]
    public async Task SchedulesDefaultPauseAndStates_RoundTrip_AtTheirLayoutPaths()
    {
        var store = new ScheduleStore(Store);
        var at = ScheduleTime.At("2026-06-01T12:34:56.123456Z");
        var acme = ClientId.Parse("acme");
        var own = new ScheduleDefinition("30 6 * * 1-5", ScheduleKind.Backfill, false, at, "ops@example.com");
        var defaults = new ScheduleDefinition("0 4 * * *", ScheduleKind.Refresh, true, at.AddMinutes(1), "lead");
        var state = new ScheduleRunState(acme, at.AddDays(-3), at.AddHours(-9), at.AddHours(-8), ScheduleOutcome.Skipped, "acme was already in progress", ScheduleKind.Backfill, "run-7");
        var fresh = new ScheduleRunState(ClientId.Parse("fresh"), at);

        await store.SaveScheduleAsync(acme, own, Ct);
        await store.SaveDefaultAsync(defaults, Ct);
        await store.SavePauseAsync(true, at.AddMinutes(2), "lead", Ct);
        await store.SaveStatesAsync([state, fresh], Ct);

        Assert.Equal(own, (await store.ListSchedulesAsync(Ct))[acme]);
        Assert.Equal(new ScheduleSettings(defaults, true, at.AddMinutes(2), "lead"), await store.GetSettingsAsync(Ct));
        var states = await store.ListStatesAsync(Ct);
        Assert.Equal(state, states[acme]);
        Assert.Equal(fresh, states[ClientId.Parse("fresh")]);
        Assert.NotNull(await Store.GetAsync(DataLayout.Schedule(acme), Ct));
        Assert.NotNull(await Store.GetAsync(DataLayout.ScheduleRun(acme), Ct));
        Assert.NotNull(await Store.GetAsync(DataLayout.ScheduleSettings.Document("default"), Ct));
        Assert.NotNull(await Store.GetAsync(DataLayout.ScheduleSettings.Document("pause"), Ct));
    }

    [Fact]
    public async Task DeleteSchedule_TheClientFollowsTheDefaultAgain_AndUnreadableDocumentsAreLeftOut()
    {
        var store = new ScheduleStore(Store);
        var at = ScheduleTime.At("2026-06-01T12:00:00Z");
        await store.SaveScheduleAsync(ClientId.Parse("acme"), new ScheduleDefinition("0 5 * * *", ScheduleKind.Refresh, true, at), Ct);
        await store.SaveScheduleAsync(ClientId.Parse("keep"), new ScheduleDefinition("0 6 * * *", ScheduleKind.Refresh, true, at), Ct);
        await Store.CommitAsync([Write.Set(DataLayout.Schedule(ClientId.Parse("broken")), new Dictionary<string, object?> { ["cron"] = "not cron", ["kind"] = "refresh" })], Ct);

        await store.DeleteScheduleAsync(ClientId.Parse("acme"), Ct);
        var listed = await store.ListSchedulesAsync(Ct);

        Assert.Equal([ClientId.Parse("keep")], listed.Keys);
    }

    [Fact]
    public async Task Restart_ANewBookOnTheSameStore_SeesWhatTheFirstOneWrote()
    {
        var at = ScheduleTime.At("2026-06-01T12:00:00Z");
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(at);
        var coordinator = new Web.Components.FakeBackfillCoordinator();
        var options = Microsoft.Extensions.Options.Options.Create(new ScheduleOptions());
        using var first = new ScheduleBook(new ScheduleStore(Store), coordinator, clock, options);
        await first.SetClientScheduleAsync(ClientId.Parse("acme"), new ScheduleRequest(" 15  2 * * * ", "backfill", true), "ops", Ct);
        await first.SetPausedAsync(true, "ops", Ct);
        await first.RecordAsync([new ScheduleRunState(ClientId.Parse("acme"), at, at, at, ScheduleOutcome.Started, "scheduled backfill started", ScheduleKind.Backfill, "run-1")], Ct);

        using var second = new ScheduleBook(new ScheduleStore(Store), coordinator, clock, options);
        var snapshot = await second.GetAsync(Ct);

        Assert.Equal(new ScheduleDefinition("15 2 * * *", ScheduleKind.Backfill, true, at, "ops"), snapshot.Own[ClientId.Parse("acme")]);
        Assert.True(snapshot.Settings.Paused);
        Assert.Equal("run-1", snapshot.States[ClientId.Parse("acme")].RunId);
    }

    [Fact]
    public async Task TwoInstances_OnOneStore_StartADueTimeOnce()
    {
        var at = ScheduleTime.At("2026-06-01T12:00:00Z");
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(at);
        var options = Microsoft.Extensions.Options.Options.Create(new ScheduleOptions { StaggerMinutes = 0 });
        var status = Backfill.Services.Backfill.BackfillStatus.NotStarted(ClientId.Parse("acme"), "acme") with
        {
            State = Backfill.Services.Backfill.BackfillState.Completed, TimeZone = "UTC", RunId = "run-1",
        };
        var instances = Enumerable.Range(0, 2).Select(_ =>
        {
            // Each instance has its own coordinator and its own book (its own memory), sharing only the store.
            var coordinator = new Web.Components.FakeBackfillCoordinator(status);
            var book = new ScheduleBook(new ScheduleStore(Store), coordinator, clock, options);
            return (Coordinator: coordinator, Book: book, Runner: new ScheduleRunner(book, coordinator, clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<ScheduleRunner>.Instance));
        }).ToList();
        await Task.WhenAll(instances.Select(i => i.Runner.TickAsync(Ct)));

        clock.SetUtcNow(ScheduleTime.At("2026-06-02T03:00:00Z"));
        await Task.WhenAll(instances.Select(i => i.Runner.TickAsync(Ct)));
        clock.Advance(TimeSpan.FromMinutes(1));
        foreach (var instance in instances)
        {
            await instance.Runner.TickAsync(Ct);
        }

        var firstDay = instances.Sum(i => i.Coordinator.Commands.Count);
        clock.SetUtcNow(ScheduleTime.At("2026-06-03T03:00:30Z"));
        foreach (var instance in instances.AsEnumerable().Reverse())
        {
            await instance.Runner.TickAsync(Ct);
        }

        Assert.Equal(1, firstDay);
        Assert.Equal(2, instances.Sum(i => i.Coordinator.Commands.Count));
        var stored = (await new ScheduleStore(Store).ListStatesAsync(Ct))[ClientId.Parse("acme")];
        Assert.Equal((ScheduleTime.At("2026-06-03T03:00:00Z"), ScheduleOutcome.Started), (stored.LastSlot, stored.LastOutcome));
        foreach (var instance in instances)
        {
            instance.Book.Dispose();
        }
    }

    [Fact]
    public async Task ScheduleChangedOnAnotherInstance_IsSeenAfterTheReloadInterval()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(ScheduleTime.At("2026-06-01T12:00:00Z"));
        var coordinator = new Web.Components.FakeBackfillCoordinator();
        var options = Microsoft.Extensions.Options.Options.Create(new ScheduleOptions { ReloadInterval = TimeSpan.FromMinutes(5) });
        using var here = new ScheduleBook(new ScheduleStore(Store), coordinator, clock, options);
        using var there = new ScheduleBook(new ScheduleStore(Store), coordinator, clock, options);
        await here.GetAsync(Ct);

        await there.SetClientScheduleAsync(ClientId.Parse("acme"), new ScheduleRequest("0 5 * * *", "backfill", true), "ops", Ct);
        await there.SetPausedAsync(true, "ops", Ct);
        clock.Advance(TimeSpan.FromMinutes(4));
        var before = await here.GetAsync(Ct);
        clock.Advance(TimeSpan.FromMinutes(1));
        var after = await here.GetAsync(Ct);

        Assert.Empty(before.Own);
        Assert.False(before.Settings.Paused);
        Assert.Equal("0 5 * * *", after.Own[ClientId.Parse("acme")].Cron);
        Assert.True(after.Settings.Paused);
    }
}
