using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Bulk;
using Backfill.Services.Storage;
using Microsoft.AspNetCore.Components.Authorization;

namespace Backfill.Web.Security;

/// <summary>
/// The manager's bulk commands, checked like <see cref="GuardedBackfillCommands"/>: the circuit's user must be an
/// operator on the server, whatever the browser enabled. A viewer's attempt refuses every client with the reason.
/// </summary>
public sealed class GuardedBulkCommands(BulkCommands bulk, AuthenticationStateProvider authentication)
{
    public async Task<BulkResult> RunAsync(BulkAction action, IReadOnlyList<ClientId> clients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var state = await authentication.GetAuthenticationStateAsync();
        if (!state.User.IsInRole(BackfillRoles.Operator))
        {
            var refusal = AccessProblems.NotAllowed(state.User, action.Label().ToLowerInvariant() + " clients");
            return new BulkResult(action, [.. clients.Select(id => new BulkClientResult(id, BackfillCommandOutcome.Forbidden, refusal, null))]);
        }

        return await ScopedBulk.RunAsync(
            ClientScope.Of(state.User), action, clients, allowed => bulk.RunAsync(action, allowed, start: null, refresh: null, cancellationToken));
    }
}
