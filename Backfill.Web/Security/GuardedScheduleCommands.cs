using Backfill.Services.Schedules;
using Backfill.Services.Storage;
using Microsoft.AspNetCore.Components.Authorization;

namespace Backfill.Web.Security;

/// <summary>
/// The schedule editor's changes, checked on the server for the operator role like <see cref="GuardedBackfillCommands"/>:
/// a viewer who re-enables the editor in the browser still changes nothing.
/// </summary>
public sealed class GuardedScheduleCommands(ScheduleBook book, AuthenticationStateProvider authentication)
{
    public ScheduleBook Book => book;

    public async Task<bool> CanOperateAsync() =>
        (await authentication.GetAuthenticationStateAsync()).User.IsInRole(BackfillRoles.Operator);

    /// <summary>Null when saved; otherwise why not (the role, or the request's problems by field, joined).</summary>
    public Task<string?> SetClientScheduleAsync(ClientId clientId, ScheduleRequest request, CancellationToken cancellationToken) =>
        GuardAsync("change schedules", async by =>
        {
            if (request.Validate() is { Count: > 0 } errors)
            {
                return string.Join("; ", errors.SelectMany(e => e.Value));
            }

            await book.SetClientScheduleAsync(clientId, request, by, cancellationToken);
            return null;
        });

    public Task<string?> ResetClientScheduleAsync(ClientId clientId, CancellationToken cancellationToken) =>
        GuardAsync("change schedules", async _ =>
        {
            await book.ResetClientScheduleAsync(clientId, cancellationToken);
            return null;
        });

    public Task<string?> SetPausedAsync(bool paused, CancellationToken cancellationToken) =>
        GuardAsync("pause schedules", async by =>
        {
            await book.SetPausedAsync(paused, by, cancellationToken);
            return null;
        });

    private async Task<string?> GuardAsync(string action, Func<string?, Task<string?>> command)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.IsInRole(BackfillRoles.Operator)
            ? await command(state.User.Identity?.Name)
            : AccessProblems.NotAllowed(state.User, action);
    }
}
