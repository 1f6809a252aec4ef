using Backfill.Services.Alerts;
using Microsoft.AspNetCore.Components.Authorization;

namespace Backfill.Web.Security;

/// <summary>
/// The dashboard's alert command (a test alert), checked on the server for the operator role like
/// <see cref="GuardedBackfillCommands"/>: a viewer who re-enables the button in the browser still sends nothing.
/// </summary>
public sealed class GuardedAlertCommands(AlertDispatcher dispatcher, AuthenticationStateProvider authentication)
{
    /// <summary>The configured channels (names only).</summary>
    public IReadOnlyList<string> Channels => dispatcher.Channels;

    /// <summary>What each channel did, or the refusal when the user may not send (then nothing was sent).</summary>
    public async Task<(string? Refusal, IReadOnlyList<AlertChannelResult> Results)> SendTestAsync(CancellationToken cancellationToken)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        if (!state.User.IsInRole(BackfillRoles.Operator))
        {
            return (AccessProblems.NotAllowed(state.User, "send test alerts"), []);
        }

        return (null, await dispatcher.SendTestAsync(state.User.Identity?.Name ?? "an operator", cancellationToken));
    }
}
