using Backfill.Services.Backfill;
using Backfill.Services.Clients;

namespace Backfill.Web.Security;

/// <summary>
/// The coordinator warns when a new client's name looks like an existing client's, naming that client. For a caller
/// limited to some clients the warning is worked out again over its own clients only: another client's name or id
/// must not reach it through a warning.
/// </summary>
internal static class ScopedAddClient
{
    public static BackfillCommandResult Narrow(BackfillCommandResult result, ClientScope scope, BackfillBoard board)
    {
        if (!scope.IsLimited || !result.Accepted || result.Status is not { } added)
        {
            return result;
        }

        var lookAlike = ClientNameLookAlikes.Warning(
            ClientNameRules.Normalize(added.ClientName),
            scope.Filter(board).Statuses.Where(s => s.ClientId != added.ClientId).Select(s => (s.ClientId, s.ClientName)));
        return result with
        {
            Message = lookAlike is null ? $"Added client {added.ClientId}." : $"Added client {added.ClientId}; its name {lookAlike}.",
            Warnings = lookAlike is null ? null : new Dictionary<string, string[]> { ["name"] = [lookAlike] },
        };
    }
}
