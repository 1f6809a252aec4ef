using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Validation;
using Backfill.Services.Clients;
using Backfill.Services.Storage;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace Backfill.Web.Security;

/// <summary>
/// The dashboard's only way to change anything: each command checks the circuit's signed-in user for the operator
/// role on the server before it reaches the coordinator, so a viewer cannot act by re-enabling a button in the browser.
/// A client outside the user's <see cref="ClientScope"/> is answered as an unknown client, and start-all starts only
/// the user's clients.
/// </summary>
public sealed class GuardedBackfillCommands(
    IBackfillCoordinator coordinator, ValidationCommands validation, AuthenticationStateProvider authentication, IOptions<BackfillOptions> backfill)
{
    /// <summary>Whether the current user may operate; the page uses it to enable buttons, the commands re-check it.</summary>
    public async Task<bool> CanOperateAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.IsInRole(BackfillRoles.Operator);
    }

    public Task<BackfillCommandResult> StartAsync(ClientId clientId, BackfillRequest request, CancellationToken cancellationToken) =>
        GuardAsync(clientId, "start backfills", () => coordinator.StartAsync(clientId, request, cancellationToken));

    public Task<BackfillCommandResult> RefreshAsync(ClientId clientId, RefreshRequest request, CancellationToken cancellationToken) =>
        GuardAsync(clientId, "refresh clients", () => coordinator.RefreshAsync(clientId, request, cancellationToken));

    public Task<BackfillCommandResult> ResyncAsync(ClientId clientId, IReadOnlyList<DateOnly> dates, CancellationToken cancellationToken) =>
        GuardAsync(clientId, "re-sync days", () => coordinator.ResyncAsync(clientId, dates, cancellationToken));

    /// <summary>Validates the client's copy against Klaviyo (it spends Klaviyo requests, so operators only).</summary>
    public Task<BackfillCommandResult> ValidateAsync(ClientId clientId, CancellationToken cancellationToken) =>
        GuardAsync(clientId, "validate copies", async () => (await validation.ValidateAsync(clientId, cancellationToken)).Result);

    public Task<BackfillCommandResult> ClearDataAsync(ClientId clientId, CancellationToken cancellationToken) =>
        GuardAsync(clientId, "delete copied data", () => coordinator.ClearDataAsync(clientId, cancellationToken));

    public Task<BackfillCommandResult> RetryAsync(ClientId clientId, CancellationToken cancellationToken) =>
        GuardAsync(clientId, "retry backfills", () => coordinator.RetryAsync(clientId, cancellationToken));

    public Task<BackfillCommandResult> CancelAsync(ClientId clientId, CancellationToken cancellationToken) =>
        GuardAsync(clientId, "cancel backfills", () => coordinator.CancelAsync(clientId, cancellationToken));

    public Task<BackfillCommandResult> ClearAsync(ClientId clientId, CancellationToken cancellationToken) =>
        GuardAsync(clientId, "clear backfills", () => coordinator.ClearAsync(clientId, cancellationToken));

    /// <summary>A user limited to some clients may add only a client whose id is one of them.</summary>
    public Task<BackfillCommandResult> AddClientAsync(NewClient client, CancellationToken cancellationToken) =>
        GuardAsync(
            "add clients",
            async () =>
            {
                var scope = await ScopeAsync();
                return scope.RefusalToAdd(client.Id) is { } refusal
                    ? new BackfillCommandResult(BackfillCommandOutcome.Forbidden, refusal)
                    : ScopedAddClient.Narrow(await coordinator.AddClientAsync(client, cancellationToken), scope, coordinator.Board);
            });

    public Task<BackfillCommandResult> RemoveClientAsync(ClientId clientId, CancellationToken cancellationToken) =>
        GuardAsync(clientId, "remove clients", () => coordinator.RemoveClientAsync(clientId, cancellationToken));

    public Task<BackfillCommandResult> UpdateClientAsync(ClientId clientId, ClientEdit edit, CancellationToken cancellationToken) =>
        GuardAsync(clientId, "edit clients", () => coordinator.UpdateClientAsync(clientId, edit, cancellationToken));

    /// <summary>The client's registration for the edit dialog; null outside the user's scope, as for an unknown client.</summary>
    public async Task<ClientRecord?> FindClientAsync(ClientId clientId) =>
        (await ScopeAsync()).Allows(clientId) ? coordinator.FindClient(clientId) : null;

    public Task<BackfillStartAllResult> StartAllAsync(BackfillRequest request, bool testMode, CancellationToken cancellationToken) =>
        GuardAsync(
            "start backfills",
            async () => await ScopedBulkCommands.StartAllAsync(
                coordinator, await ScopeAsync(), backfill.Value.TestClientId, request, testMode, cancellationToken),
            refusal => new BackfillStartAllResult([], [], BackfillCommandOutcome.Forbidden, refusal));

    private async Task<ClientScope> ScopeAsync() => ClientScope.Of((await authentication.GetAuthenticationStateAsync()).User);

    // Outside the scope: the unknown-client answer, and nothing reaches the coordinator.
    private Task<BackfillCommandResult> GuardAsync(ClientId clientId, string action, Func<Task<BackfillCommandResult>> command) =>
        GuardAsync(action, async () => (await ScopeAsync()).Allows(clientId)
            ? await command()
            : BackfillCommandResult.UnknownClient(clientId));

    private Task<BackfillCommandResult> GuardAsync(string action, Func<Task<BackfillCommandResult>> command) =>
        GuardAsync(action, command, refusal => new BackfillCommandResult(BackfillCommandOutcome.Forbidden, refusal));

    private async Task<T> GuardAsync<T>(string action, Func<Task<T>> command, Func<string, T> forbidden)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.IsInRole(BackfillRoles.Operator)
            ? await command()
            : forbidden(AccessProblems.NotAllowed(state.User, action));
    }
}
