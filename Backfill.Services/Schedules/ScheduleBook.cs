using Backfill.Services.Backfill;
using Backfill.Services.Storage;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Schedules;

/// <summary>
/// The schedules: read once from the store and kept in memory (the scheduler looks every few seconds, and Firestore
/// charges per read), changed only through here so the store and the memory agree. Every change is written to the store
/// before it is kept, so a failed write changes nothing.
/// </summary>
public sealed class ScheduleBook(ScheduleStore store, IBackfillCoordinator coordinator, TimeProvider timeProvider, IOptions<ScheduleOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ScheduleSnapshot? _snapshot;
    private long _loadedAtTicks;

    public ScheduleOptions Options => options.Value;

    public void Dispose() => _gate.Dispose();

    /// <summary>The current schedules, loaded from the store the first time and again every <see cref="ScheduleOptions.ReloadInterval"/>.</summary>
    public async Task<ScheduleSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _snapshot) is { } snapshot && !Stale)
        {
            return snapshot;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Stale)
            {
                // Another instance may have changed a schedule, the default or the pause: read them again.
                _snapshot = null;
            }

            return await LoadedAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Gives the client its own schedule (validate the request first).</summary>
    public Task<ScheduleDefinition> SetClientScheduleAsync(ClientId clientId, ScheduleRequest request, string? by, CancellationToken cancellationToken) =>
        ChangeAsync(
            async (snapshot, now) =>
            {
                var schedule = request.ToDefinition(now, by);
                await store.SaveScheduleAsync(clientId, schedule, cancellationToken);
                return (snapshot with { Own = new Dictionary<ClientId, ScheduleDefinition>(snapshot.Own) { [clientId] = schedule } }, schedule);
            },
            cancellationToken);

    /// <summary>Removes the client's own schedule: it follows the default again.</summary>
    public Task<ScheduleDefinition> ResetClientScheduleAsync(ClientId clientId, CancellationToken cancellationToken) =>
        ChangeAsync(
            async (snapshot, _) =>
            {
                await store.DeleteScheduleAsync(clientId, cancellationToken);
                var own = new Dictionary<ClientId, ScheduleDefinition>(snapshot.Own);
                own.Remove(clientId);
                return (snapshot with { Own = own }, snapshot.Settings.Default);
            },
            cancellationToken);

    public Task<ScheduleDefinition> SetDefaultAsync(ScheduleRequest request, string? by, CancellationToken cancellationToken) =>
        ChangeAsync(
            async (snapshot, now) =>
            {
                var schedule = request.ToDefinition(now, by);
                await store.SaveDefaultAsync(schedule, cancellationToken);
                return (snapshot with { Settings = snapshot.Settings with { Default = schedule } }, schedule);
            },
            cancellationToken);

    /// <summary>Pauses or resumes every schedule. Times that pass while paused are not caught up on resuming.</summary>
    public Task<ScheduleSettings> SetPausedAsync(bool paused, string? by, CancellationToken cancellationToken) =>
        ChangeAsync(
            async (snapshot, now) =>
            {
                if (snapshot.Settings.Paused == paused)
                {
                    return (snapshot, snapshot.Settings);
                }

                await store.SavePauseAsync(paused, now, by, cancellationToken);
                var settings = snapshot.Settings with { Paused = paused, PauseChangedAt = now, PauseChangedBy = by };
                return (snapshot with { Settings = settings }, settings);
            },
            cancellationToken);

    /// <summary>Keeps what the scheduler did (written first, so a restart knows).</summary>
    public Task RecordAsync(IReadOnlyList<ScheduleRunState> states, CancellationToken cancellationToken) =>
        states.Count == 0
            ? Task.CompletedTask
            : ChangeAsync(
                async (snapshot, _) =>
                {
                    await store.SaveStatesAsync(states, cancellationToken);
                    var all = new Dictionary<ClientId, ScheduleRunState>(snapshot.States);
                    foreach (var state in states)
                    {
                        all[state.ClientId] = state;
                    }

                    return (snapshot with { States = all }, true);
                },
                cancellationToken);

    /// <summary>
    /// Claims the schedule time <paramref name="due"/> of a client for this instance, so that of several instances
    /// running the scheduler on one store exactly one starts it: the stored state is read and written back with the new
    /// time only if nobody changed it since (a conditional write). Returns the state as claimed, or null when another
    /// instance has handled this time already (its state is then kept here, so the next look does not ask again).
    /// </summary>
    public Task<ScheduleRunState?> ClaimSlotAsync(ClientId clientId, DateTimeOffset due, CancellationToken cancellationToken) =>
        ChangeAsync(
            async (snapshot, now) =>
            {
                var (stored, readAt) = await store.GetStateAsync(clientId, cancellationToken);
                snapshot.States.TryGetValue(clientId, out var local);
                var current = stored ?? local ?? new ScheduleRunState(clientId, now);
                if (current.LastSlot is { } last && last >= due)
                {
                    return (WithState(snapshot, current), (ScheduleRunState?)null);
                }

                var claimed = current with { LastSlot = due, LastRunAt = now };
                if (!await store.TrySaveStateAsync(claimed, readAt, cancellationToken))
                {
                    // Another instance wrote it between our read and our write: it has the time.
                    var (winner, _) = await store.GetStateAsync(clientId, cancellationToken);
                    return (WithState(snapshot, winner ?? current), (ScheduleRunState?)null);
                }

                return (WithState(snapshot, claimed), claimed);
            },
            cancellationToken);

    /// <summary>Every registered client's schedule as shown, in the board's order.</summary>
    public async Task<IReadOnlyList<ClientSchedule>> ListAsync(CancellationToken cancellationToken)
    {
        var snapshot = await GetAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        return [.. coordinator.Board.Statuses.Select(s => Describe(snapshot, s, now))];
    }

    /// <summary>One client's schedule as shown, or null for a client that is not registered.</summary>
    public async Task<ClientSchedule?> FindAsync(ClientId clientId, CancellationToken cancellationToken)
    {
        var snapshot = await GetAsync(cancellationToken);
        return coordinator.Board.Find(clientId) is { } status ? Describe(snapshot, status, timeProvider.GetUtcNow()) : null;
    }

    /// <summary>The timezone the client's schedule is read in: its account's (known after its first run), else the fallback.</summary>
    public (TimeZoneInfo Zone, string Name, bool FromAccount) ZoneFor(BackfillStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (ScheduleCalendar.FindZone(status.TimeZone) is { } account)
        {
            return (account, status.TimeZone!, true);
        }

        var fallback = options.Value.FallbackTimeZone;
        return (ScheduleCalendar.FindZone(fallback) ?? TimeZoneInfo.Utc, fallback, false);
    }

    public TimeSpan StaggerFor(ClientId clientId) => ScheduleStagger.Offset(clientId, options.Value.StaggerMinutes);

    /// <summary>The next <paramref name="count"/> starts of <paramref name="cron"/> for this client (staggered), from now; empty for a bad expression.</summary>
    public IReadOnlyList<DateTimeOffset> Preview(ClientId clientId, string cron, TimeZoneInfo zone, int count) =>
        ScheduleCron.TryParse(cron, out var expression, out _)
            ? ScheduleCalendar.NextStarts(expression, zone, StaggerFor(clientId), timeProvider.GetUtcNow(), count)
            : [];

    /// <summary>When the scheduler may next start this client's schedule, or null when nothing will run.</summary>
    internal DateTimeOffset? NextStart(ScheduleSnapshot snapshot, ScheduleDefinition schedule, ScheduleRunState? state, TimeZoneInfo zone, TimeSpan offset, DateTimeOffset now)
    {
        if (!options.Value.Enabled || snapshot.Settings.Paused || !schedule.Enabled || !ScheduleCron.TryParse(schedule.Cron, out var cron, out _))
        {
            return null;
        }

        // A due time not yet handled starts at the scheduler's next look.
        if (ScheduleCalendar.LatestDue(cron, zone, offset, state?.LastSlot, NotBefore(snapshot, schedule, state, now), now) is not null)
        {
            return now;
        }

        return ScheduleCalendar.NextStarts(cron, zone, offset, now, 1) is [var next] ? next : null;
    }

    /// <summary>The earliest start the scheduler may catch up: nothing before it watched the client, before the schedule changed, or before the pause lifted.</summary>
    internal static DateTimeOffset NotBefore(ScheduleSnapshot snapshot, ScheduleDefinition schedule, ScheduleRunState? state, DateTimeOffset now)
    {
        var since = state?.Since ?? now;
        return new[] { since, schedule.UpdatedAt, snapshot.Settings.PauseChangedAt }.Max();
    }

    private ClientSchedule Describe(ScheduleSnapshot snapshot, BackfillStatus status, DateTimeOffset now)
    {
        var schedule = snapshot.EffectiveFor(status.ClientId);
        var (zone, zoneName, fromAccount) = ZoneFor(status);
        var offset = StaggerFor(status.ClientId);
        snapshot.States.TryGetValue(status.ClientId, out var state);
        var next = NextStart(snapshot, schedule, state, zone, offset, now);
        return new ClientSchedule(
            status.ClientId, status.ClientName, schedule, snapshot.Own.ContainsKey(status.ClientId), zoneName, fromAccount, offset,
            ScheduleDescriber.Describe(schedule.Cron, zoneName), next, next is { } utc ? TimeZoneInfo.ConvertTime(utc, zone) : null, state);
    }

    private bool Stale => timeProvider.GetUtcNow().UtcTicks - Interlocked.Read(ref _loadedAtTicks) >= options.Value.ReloadInterval.Ticks;

    private static ScheduleSnapshot WithState(ScheduleSnapshot snapshot, ScheduleRunState state) =>
        snapshot with { States = new Dictionary<ClientId, ScheduleRunState>(snapshot.States) { [state.ClientId] = state } };

    private async Task<T> ChangeAsync<T>(Func<ScheduleSnapshot, DateTimeOffset, Task<(ScheduleSnapshot Snapshot, T Result)>> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var (snapshot, result) = await change(await LoadedAsync(cancellationToken), timeProvider.GetUtcNow());
            Volatile.Write(ref _snapshot, snapshot);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    // Under the gate.
    private async Task<ScheduleSnapshot> LoadedAsync(CancellationToken cancellationToken)
    {
        if (_snapshot is { } loaded)
        {
            return loaded;
        }

        var snapshot = new ScheduleSnapshot(
            await store.GetSettingsAsync(cancellationToken),
            await store.ListSchedulesAsync(cancellationToken),
            await store.ListStatesAsync(cancellationToken));
        Interlocked.Exchange(ref _loadedAtTicks, timeProvider.GetUtcNow().UtcTicks);
        Volatile.Write(ref _snapshot, snapshot);
        return snapshot;
    }
}
