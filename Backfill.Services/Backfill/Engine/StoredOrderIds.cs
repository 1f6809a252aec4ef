using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Engine;

/// <summary>The order ids stored for one day (names only, no order is read), to find those Klaviyo no longer returns.</summary>
internal static class StoredOrderIds
{
    public static async Task<HashSet<string>> ListAsync(IDocumentStore store, ClientId client, DateOnly day, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var document in store.QueryAsync(Query.Collection(DataLayout.DailyOrders(client, day)).SelectFields(), cancellationToken))
        {
            ids.Add(document.Id);
        }

        return ids;
    }
}
