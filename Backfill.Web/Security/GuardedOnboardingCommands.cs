using Backfill.Services.Backfill;
using Backfill.Services.Clients;
using Backfill.Services.Clients.Onboarding;
using Microsoft.AspNetCore.Components.Authorization;

namespace Backfill.Web.Security;

/// <summary>
/// The dashboard's onboarding: the add-client dialog's connection test and the CSV import, for operators only (they
/// read secrets and spend Klaviyo requests). Import is agency-wide, as <c>POST /api/clients/import</c> is.
/// </summary>
public sealed class GuardedOnboardingCommands(ClientConnectionTester tester, ClientImporter importer, AuthenticationStateProvider authentication)
{
    /// <summary>The test's answer; a viewer gets a failed test saying why.</summary>
    public async Task<ConnectionTestResult> TestAsync(NewClient client, CancellationToken cancellationToken)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.IsInRole(BackfillRoles.Operator)
            ? await tester.TestAsync(client, cancellationToken)
            : new ConnectionTestResult(false, ConnectionFailure.KeyUnavailable, AccessProblems.NotAllowed(state.User, "test client connections"), "none");
    }

    /// <summary>Checks (dry run) or imports a CSV of clients with the same service as the API; a refusal says why not.</summary>
    public async Task<ClientImportAnswer> ImportAsync(string csv, bool dryRun, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (!user.IsInRole(BackfillRoles.Operator))
        {
            return new ClientImportAnswer(AccessProblems.NotAllowed(user, "import clients"), null);
        }

        if (ClientScope.Of(user).IsLimited)
        {
            return new ClientImportAnswer("Importing clients is for users not limited to some clients.", null);
        }

        try
        {
            return new ClientImportAnswer(null, await importer.ImportAsync(csv, dryRun, cancellationToken));
        }
        catch (ClientImportFileException e)
        {
            return new ClientImportAnswer(e.Message, null);
        }
    }
}

/// <summary>An import's result, or why there is none (a refusal, or a file that cannot be read as a whole).</summary>
public sealed record ClientImportAnswer(string? Refusal, ClientImportResult? Result);
