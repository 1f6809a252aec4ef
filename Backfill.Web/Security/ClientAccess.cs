using Backfill.Services.Backfill;
using Microsoft.AspNetCore.Components.Authorization;

namespace Backfill.Web.Security;

/// <summary>
/// The circuit's <see cref="ClientScope"/> for dashboard components (HTTP handlers use <see cref="ClientScope.Of"/> on
/// the request's user, or the <see cref="ClientScopeFilter"/>).
/// </summary>
public sealed class ClientAccess(AuthenticationStateProvider authentication)
{
    public async Task<ClientScope> GetScopeAsync() => ClientScope.Of((await authentication.GetAuthenticationStateAsync()).User);

    /// <summary>
    /// The coordinator's live board narrowed to this user's clients: other clients never reach the component, and a
    /// snapshot that changes only other clients is skipped, so the page does not even re-render for them.
    /// </summary>
    public IBackfillSubscription Subscribe(IBackfillCoordinator coordinator)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        return new ScopedBoardSubscription(coordinator.Subscribe(), GetScopeAsync());
    }
}
