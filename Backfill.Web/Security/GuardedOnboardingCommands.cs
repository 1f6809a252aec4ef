using Backfill.Services.Clients;
using Backfill.Services.Clients.Onboarding;
using Microsoft.AspNetCore.Components.Authorization;

namespace Backfill.Web.Security;

/// <summary>The add-client dialog's connection test, for operators only (it reads a secret and spends Klaviyo requests).</summary>
public sealed class GuardedOnboardingCommands(ClientConnectionTester tester, AuthenticationStateProvider authentication)
{
    /// <summary>The test's answer; a viewer gets a failed test saying why.</summary>
    public async Task<ConnectionTestResult> TestAsync(NewClient client, CancellationToken cancellationToken)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.IsInRole(BackfillRoles.Operator)
            ? await tester.TestAsync(client, cancellationToken)
            : new ConnectionTestResult(false, ConnectionFailure.KeyUnavailable, AccessProblems.NotAllowed(state.User, "test client connections"), "none");
    }
}
