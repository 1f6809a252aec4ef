using Backfill.Services.Backfill;
using Backfill.Services.Storage;
using Microsoft.Extensions.Logging;

namespace Backfill.Services.Schedules;

/// <summary>
/// One look at the schedules: for every registered client whose (staggered) schedule time has come and not been handled,
/// start its run through the coordinator, or record why not. Only the latest missed time runs (one run after downtime,
/// never a burst), a busy client is skipped rather than given a second run, and each outcome is written to the store
/// before the next look, so a restart neither repeats nor forgets a time. Several instances on one store each run this
/// look; a due time is claimed in the store first (<see cref="ScheduleBook.ClaimSlotAsync"/>), so it starts once.
/// </summary>
public sealed partial class ScheduleRunner(
    ScheduleBook book, IBackfillCoordinator coordinator, TimeProvider timeProvider, ILogger<ScheduleRunner> logger)
{
    /// <summary>Handles every due schedule; returns what it recorded (new clients' first sighting included).</summary>
    public async Task<IReadOnlyList<ScheduleRunState>> TickAsync(CancellationToken cancellationToken)
    {
        var snapshot = await book.GetAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        var changes = new List<ScheduleRunState>();
        foreach (var status in coordinator.Board.Statuses)
        {
            snapshot.States.TryGetValue(status.ClientId, out var state);
            if (state is null)
            {
                // From now on this client is watched; times before it are not caught up.
                state = new ScheduleRunState(status.ClientId, now);
                changes.Add(state);
            }

            if (snapshot.Settings.Paused || DueSlot(snapshot, status, state, now) is not { } due)
            {
                continue;
            }

            // Every instance runs this look; the one whose claim of the time lands starts it, the others leave it.
            changes.RemoveAll(c => c.ClientId == status.ClientId);
            if (await book.ClaimSlotAsync(status.ClientId, due, cancellationToken) is not { } claimed)
            {
                LogFiredElsewhere(status.ClientId.Value, due);
                continue;
            }

            var schedule = snapshot.EffectiveFor(status.ClientId);
            var outcome = await StartAsync(status.ClientId, schedule.Kind, cancellationToken);
            changes.Add(claimed with
            {
                LastSlot = due,
                LastRunAt = timeProvider.GetUtcNow(),
                LastOutcome = outcome.Outcome,
                LastReason = outcome.Reason,
                LastKind = schedule.Kind,
                RunId = outcome.RunId,
            });
        }

        await book.RecordAsync(changes, cancellationToken);
        return changes;
    }

    private DateTimeOffset? DueSlot(ScheduleSnapshot snapshot, BackfillStatus status, ScheduleRunState state, DateTimeOffset now)
    {
        var schedule = snapshot.EffectiveFor(status.ClientId);
        if (!schedule.Enabled || !ScheduleCron.TryParse(schedule.Cron, out var cron, out _))
        {
            return null;
        }

        var (zone, _, _) = book.ZoneFor(status);
        return ScheduleCalendar.LatestDue(
            cron, zone, book.StaggerFor(status.ClientId), state.LastSlot, ScheduleBook.NotBefore(snapshot, schedule, state, now), now);
    }

    private async Task<(ScheduleOutcome Outcome, string Reason, string? RunId)> StartAsync(ClientId clientId, ScheduleKind kind, CancellationToken cancellationToken)
    {
        // The board is checked here and again by the coordinator (which refuses a busy client), so a run that began
        // between the two is still never doubled.
        if (coordinator.Board.Find(clientId) is { } current && current.State.IsActive())
        {
            var reason = $"{clientId} was already {current.State.ToWire().Replace('_', ' ')}; a schedule never starts a second run";
            LogSkipped(clientId.Value, reason);
            return (ScheduleOutcome.Skipped, reason, current.RunId);
        }

        try
        {
            var result = kind == ScheduleKind.Backfill
                ? await coordinator.StartAsync(clientId, new BackfillRequest(), cancellationToken)
                : await coordinator.RefreshAsync(clientId, new RefreshRequest(), cancellationToken);
            if (result.Accepted)
            {
                LogStarted(clientId.Value, kind.ToWire());
                return (ScheduleOutcome.Started, $"scheduled {kind.ToWire()} started", result.Status?.RunId);
            }

            LogSkipped(clientId.Value, result.Message);
            return (ScheduleOutcome.Skipped, result.Message, result.Status?.RunId);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(clientId.Value, e);
            return (ScheduleOutcome.Failed, "the run could not be started: " + e.Message, null);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule time {Slot} of {ClientId} was taken by another instance")]
    private partial void LogFiredElsewhere(string clientId, DateTimeOffset slot);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule started a {Kind} of {ClientId}")]
    private partial void LogStarted(string clientId, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule skipped {ClientId}: {Reason}")]
    private partial void LogSkipped(string clientId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule could not start a run of {ClientId}")]
    private partial void LogFailed(string clientId, Exception exception);
}
