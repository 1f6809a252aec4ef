using Backfill.Services.Backfill.Validation;
using Backfill.Services.Schedules;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Bulk;

/// <summary>
/// One action on many clients. Each client goes through the single-client command (the coordinator's state rules,
/// validation's rules), so a bulk command can never do what the per-client buttons would refuse; one client's refusal
/// does not stop the others.
/// </summary>
/// <remarks>Pause schedule needs the schedules feature; a host without it (a bare engine host) refuses that action.</remarks>
public sealed class BulkCommands(IBackfillCoordinator coordinator, ValidationCommands validation, ScheduleBook? schedules = null)
{
    /// <summary>Said for every client of a <see cref="BulkAction.PauseSchedule"/> in a host without schedules.</summary>
    public const string SchedulesNotAvailable = "schedules not available";

    public async Task<BulkResult> RunAsync(
        BulkAction action, IReadOnlyList<ClientId> clients, BackfillRequest? start, RefreshRequest? refresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var results = new List<BulkClientResult>(clients.Count);
        foreach (var id in clients)
        {
            var result = await RunOneAsync(action, id, start ?? new BackfillRequest(), refresh ?? new RefreshRequest(), cancellationToken);
            results.Add(new BulkClientResult(id, result.Outcome, result.Message, result.Status));
        }

        return new BulkResult(action, results);
    }

    private async Task<BackfillCommandResult> RunOneAsync(
        BulkAction action, ClientId id, BackfillRequest start, RefreshRequest refresh, CancellationToken cancellationToken) => action switch
    {
        BulkAction.Start => await coordinator.StartAsync(id, start, cancellationToken),
        BulkAction.Refresh => await coordinator.RefreshAsync(id, refresh, cancellationToken),
        BulkAction.Cancel => await coordinator.CancelAsync(id, cancellationToken),
        BulkAction.Retry => await coordinator.RetryAsync(id, cancellationToken),
        BulkAction.Validate => (await validation.ValidateAsync(id, cancellationToken)).Result,
        BulkAction.PauseSchedule => await PauseScheduleAsync(id, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>
    /// The client keeps the schedule it follows (its own or the default's cron and kind) as its own, disabled: resuming
    /// is enabling it in the editor, and a later change of the default does not silently resume it.
    /// </summary>
    private async Task<BackfillCommandResult> PauseScheduleAsync(ClientId id, CancellationToken cancellationToken)
    {
        if (coordinator.Board.Find(id) is not { } status)
        {
            return BackfillCommandResult.UnknownClient(id);
        }

        if (schedules is null)
        {
            return new BackfillCommandResult(BackfillCommandOutcome.Conflict, SchedulesNotAvailable, status);
        }

        var current = (await schedules.FindAsync(id, cancellationToken))!.Schedule;
        if (!current.Enabled)
        {
            return new BackfillCommandResult(BackfillCommandOutcome.Conflict, $"The schedule of {id} is already paused.", status);
        }

        await schedules.SetClientScheduleAsync(id, new ScheduleRequest(current.Cron, current.Kind.ToWire(), Enabled: false), by: "bulk pause", cancellationToken);
        return new BackfillCommandResult(BackfillCommandOutcome.Accepted, $"Paused the schedule of {id} ({current.Cron}, {current.Kind.ToWire()}).", status);
    }
}
