using Backfill.Services.Backfill;
using Backfill.Services.Schedules;
using Backfill.Services.Storage;
using Microsoft.AspNetCore.Components.Authorization;

namespace Backfill.Web.Security;

/// <summary>
/// The schedule editor's changes, checked on the server for the operator role like <see cref="GuardedBackfillCommands"/>:
/// a viewer who re-enables the editor in the browser still changes nothing. A user limited to some clients changes only
/// their schedules (another client is answered as unknown) and never the global pause.
/// </summary>
public sealed class GuardedScheduleCommands(ScheduleBook book, AuthenticationStateProvider authentication)
{
    public ScheduleBook Book => book;

    public async Task<bool> CanOperateAsync() =>
        (await authentication.GetAuthenticationStateAsync()).User.IsInRole(BackfillRoles.Operator);

    /// <summary>Null when saved; otherwise why not (the role, or the request's problems by field, joined).</summary>
    public Task<string?> SetClientScheduleAsync(ClientId clientId, ScheduleRequest request, CancellationToken cancellationToken) =>
        GuardAsync("change schedules", clientId, async by =>
        {
            if (request.Validate() is { Count: > 0 } errors)
            {
                return string.Join("; ", errors.SelectMany(e => e.Value));
            }

            await book.SetClientScheduleAsync(clientId, request, by, cancellationToken);
            return null;
        });

    public Task<string?> ResetClientScheduleAsync(ClientId clientId, CancellationToken cancellationToken) =>
        GuardAsync("change schedules", clientId, async _ =>
        {
            await book.ResetClientScheduleAsync(clientId, cancellationToken);
            return null;
        });

    public Task<string?> SetPausedAsync(bool paused, CancellationToken cancellationToken) =>
        GuardAsync("pause schedules", client: null, async by =>
        {
            await book.SetPausedAsync(paused, by, cancellationToken);
            return null;
        });

    /// <param name="client">The client the change is for; null for the global pause, which reaches every client.</param>
    private async Task<string?> GuardAsync(string action, ClientId? client, Func<string?, Task<string?>> command)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        if (!state.User.IsInRole(BackfillRoles.Operator))
        {
            return AccessProblems.NotAllowed(state.User, action);
        }

        var scope = ClientScope.Of(state.User);
        return client switch
        {
            null when scope.IsLimited => "The global pause applies to every client; a user limited to some clients cannot set it.",
            { } id when !scope.Allows(id) => BackfillCommandResult.UnknownClient(id).Message,
            _ => await command(state.User.Identity?.Name),
        };
    }
}
