using Backfill.Services.Storage;

namespace Backfill.Services.Schedules;

/// <summary>Everything stored about schedules at one moment: the default and pause, each client's own schedule, the scheduler's state.</summary>
public sealed record ScheduleSnapshot(
    ScheduleSettings Settings,
    IReadOnlyDictionary<ClientId, ScheduleDefinition> Own,
    IReadOnlyDictionary<ClientId, ScheduleRunState> States)
{
    /// <summary>The client's own schedule, or the default.</summary>
    public ScheduleDefinition EffectiveFor(ClientId clientId) => Own.TryGetValue(clientId, out var own) ? own : Settings.Default;
}
