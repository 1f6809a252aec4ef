using Backfill.Services.Backfill.Data;
using Backfill.Services.Clients;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Validation;

/// <summary>
/// Validation on demand with the rules every caller (API, manager, data viewer) shares: a known client, not running
/// (a run validates the days it writes when it ends), with copied orders to check.
/// </summary>
public sealed class ValidationCommands(IBackfillCoordinator coordinator, ClientRegistry clients, CopyValidator validator, BackfillDataQueries queries)
{
    /// <summary>The command's answer, and what validation found when it ran.</summary>
    public async Task<(BackfillCommandResult Result, ValidationSummary? Found)> ValidateAsync(ClientId id, CancellationToken cancellationToken)
    {
        if (await clients.GetAsync(id, cancellationToken) is not { } client || coordinator.Board.Find(id) is not { } status)
        {
            return (BackfillCommandResult.UnknownClient(id), null);
        }

        if (status.State.IsActive())
        {
            return (new BackfillCommandResult(BackfillCommandOutcome.Conflict, $"{id} is running; it validates the days it writes when it ends.", status), null);
        }

        if (status.Coverage.Orders.IsEmpty)
        {
            return (new BackfillCommandResult(BackfillCommandOutcome.Conflict, $"{id} has no copied orders to validate yet.", status), null);
        }

        await validator.ValidateAsync(client, status.Coverage.Orders, cancellationToken);
        var found = await queries.GetValidationAsync(id, cancellationToken);
        var message = $"Validated {id}: {found.CheckedDays} days checked, {found.Mismatched.Count} differ from Klaviyo.";
        return (new BackfillCommandResult(BackfillCommandOutcome.Accepted, message, status), found);
    }
}
