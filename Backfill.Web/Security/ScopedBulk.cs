using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Bulk;
using Backfill.Services.Storage;

namespace Backfill.Web.Security;

/// <summary>
/// A bulk command for a caller limited to some clients: the others are answered exactly as an unknown client is, in
/// the order asked, and never reach the command.
/// </summary>
internal static class ScopedBulk
{
    public static async Task<BulkResult> RunAsync(
        ClientScope scope, BulkAction action, IReadOnlyList<ClientId> clients, Func<IReadOnlyList<ClientId>, Task<BulkResult>> run)
    {
        if (!scope.IsLimited)
        {
            return await run(clients);
        }

        var allowed = clients.Where(scope.Allows).ToList();
        var done = allowed.Count == 0 ? [] : (await run(allowed)).Clients.ToDictionary(c => c.ClientId);
        return new BulkResult(action, [.. clients.Select(id => done.TryGetValue(id, out var result) ? result : Unknown(id))]);
    }

    private static BulkClientResult Unknown(ClientId id)
    {
        var unknown = BackfillCommandResult.UnknownClient(id);
        return new(id, unknown.Outcome, unknown.Message, null);
    }
}
