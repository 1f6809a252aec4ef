using Backfill.Services.Backfill.Validation;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Bulk;

/// <summary>
/// One action on many clients. Each client goes through the single-client command (the coordinator's state rules,
/// validation's rules), so a bulk command can never do what the per-client buttons would refuse; one client's refusal
/// does not stop the others.
/// </summary>
public sealed class BulkCommands(IBackfillCoordinator coordinator, ValidationCommands validation)
{
    /// <summary>Said for every client of a <see cref="BulkAction.PauseSchedule"/> until schedules exist in this build.</summary>
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
        BulkAction.PauseSchedule => coordinator.Board.Find(id) is null
            ? new BackfillCommandResult(BackfillCommandOutcome.NotFound, $"No client '{id}' is registered.")
            : new BackfillCommandResult(BackfillCommandOutcome.Conflict, SchedulesNotAvailable),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}
