using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;

namespace Backfill.Services.Schedules;

/// <summary>Reads and writes schedules, the default, the pause and the scheduler's per-client state; small collections, read whole.</summary>
public sealed class ScheduleStore(IDocumentStore store)
{
    /// <summary>Every client's own schedule; unreadable documents are left out (the client then follows the default).</summary>
    public async Task<IReadOnlyDictionary<ClientId, ScheduleDefinition>> ListSchedulesAsync(CancellationToken cancellationToken)
    {
        var schedules = new Dictionary<ClientId, ScheduleDefinition>();
        await foreach (var document in store.QueryAsync(Query.Collection(DataLayout.Schedules), cancellationToken))
        {
            if (ClientId.TryParse(document.Id, out var id, out _) && ScheduleDocuments.DefinitionFrom(document) is { } schedule)
            {
                schedules[id] = schedule;
            }
        }

        return schedules;
    }

    /// <summary>The default schedule and the pause; the built-in values where nothing is stored.</summary>
    public async Task<ScheduleSettings> GetSettingsAsync(CancellationToken cancellationToken)
    {
        var documents = await store.GetAllAsync([ScheduleDocuments.DefaultPath, ScheduleDocuments.PausePath], cancellationToken);
        var pause = documents[1]?.Fields;
        return new ScheduleSettings(
            ScheduleDocuments.DefinitionFrom(documents[0]) ?? ScheduleDefinition.BuiltInDefault,
            pause?.Bool("paused") ?? false,
            pause?.Time("changed_at") ?? DateTimeOffset.MinValue,
            pause?.String("changed_by"));
    }

    public async Task<IReadOnlyDictionary<ClientId, ScheduleRunState>> ListStatesAsync(CancellationToken cancellationToken)
    {
        var states = new Dictionary<ClientId, ScheduleRunState>();
        await foreach (var document in store.QueryAsync(Query.Collection(DataLayout.ScheduleRuns), cancellationToken))
        {
            if (ScheduleDocuments.StateFrom(document) is { } state)
            {
                states[state.ClientId] = state;
            }
        }

        return states;
    }

    public Task SaveScheduleAsync(ClientId clientId, ScheduleDefinition schedule, CancellationToken cancellationToken) =>
        store.CommitAsync([Write.Set(DataLayout.Schedule(clientId), ScheduleDocuments.ToFields(schedule, clientId))], cancellationToken);

    public Task DeleteScheduleAsync(ClientId clientId, CancellationToken cancellationToken) =>
        store.CommitAsync([Write.Delete(DataLayout.Schedule(clientId))], cancellationToken);

    public Task SaveDefaultAsync(ScheduleDefinition schedule, CancellationToken cancellationToken) =>
        store.CommitAsync([Write.Set(ScheduleDocuments.DefaultPath, ScheduleDocuments.ToFields(schedule))], cancellationToken);

    public Task SavePauseAsync(bool paused, DateTimeOffset changedAt, string? changedBy, CancellationToken cancellationToken) =>
        store.CommitAsync([Write.Set(ScheduleDocuments.PausePath, ScheduleDocuments.PauseFields(paused, changedAt, changedBy))], cancellationToken);

    /// <summary>Writes the states, each on its own (one failing does not lose the others); throws the first failure.</summary>
    public async Task SaveStatesAsync(IReadOnlyList<ScheduleRunState> states, CancellationToken cancellationToken)
    {
        foreach (var chunk in states.Chunk(500))
        {
            var outcomes = await store.BatchWriteAsync([.. chunk.Select(s => Write.Set(DataLayout.ScheduleRun(s.ClientId), ScheduleDocuments.ToFields(s)))], cancellationToken);
            if (outcomes.FirstOrDefault(o => !o.Succeeded)?.Error is { } error)
            {
                throw error;
            }
        }
    }

    /// <summary>The scheduler's stored state of one client and the version it was read at (null when none is stored).</summary>
    public async Task<(ScheduleRunState? State, DateTimeOffset? UpdateTime)> GetStateAsync(ClientId clientId, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(DataLayout.ScheduleRun(clientId), cancellationToken);
        return document is null ? (null, null) : (ScheduleDocuments.StateFrom(document), document.UpdateTime);
    }

    /// <summary>
    /// Writes <paramref name="state"/> only if the stored state is still the version read (<paramref name="readAt"/>; null:
    /// none was stored). False when another instance wrote it meanwhile: of instances claiming the same schedule time at
    /// once, exactly one gets true.
    /// </summary>
    public async Task<bool> TrySaveStateAsync(ScheduleRunState state, DateTimeOffset? readAt, CancellationToken cancellationToken)
    {
        var precondition = readAt is { } at ? Precondition.UpdatedAt(at) : Precondition.MustNotExist;
        try
        {
            await store.CommitAsync([Write.Set(DataLayout.ScheduleRun(state.ClientId), ScheduleDocuments.ToFields(state)).When(precondition)], cancellationToken);
            return true;
        }
        catch (StoreException e) when (e.Code is StoreErrorCode.FailedPrecondition or StoreErrorCode.AlreadyExists or StoreErrorCode.NotFound)
        {
            return false;
        }
    }
}
