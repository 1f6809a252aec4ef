using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Engine;

/// <summary>
/// A day's stored orders as a run that reads the day again needs them: their ids (to find those Klaviyo no longer
/// returns) and their content hashes, so an order read again unchanged is not written again. Only the hash field is
/// read, never an order's line items or raw JSON.
/// </summary>
internal sealed class StoredDayOrders
{
    private static readonly FieldPath[] HashOnly = [FieldPath.Of(OrderDocument.ContentHashField)];

    private readonly Dictionary<string, string?> _dailyHashes;
    private readonly Dictionary<string, string> _unchanged;

    private StoredDayOrders(Dictionary<string, string?> dailyHashes, Dictionary<string, string> unchanged)
    {
        _dailyHashes = dailyHashes;
        _unchanged = unchanged;
    }

    /// <summary>A day no earlier run wrote.</summary>
    public static StoredDayOrders None { get; } = new(new(StringComparer.Ordinal), new(StringComparer.Ordinal));

    /// <summary>
    /// Event id → content hash of the orders whose two stored copies (the day's and <c>orders/{id}</c>) carry the same
    /// hash: an order read again with that hash is stored as it is on both paths.
    /// </summary>
    public IReadOnlyDictionary<string, string> Unchanged => _unchanged;

    /// <param name="leaveUnchanged">
    /// Whether orders read unchanged may be left as stored (a refresh); false for runs that rewrite what they read (a
    /// re-sync repairs days that differ, whatever their hashes say), which then read the ids only.
    /// </param>
    public static async Task<StoredDayOrders> ReadAsync(
        IDocumentStore store, ClientId client, DateOnly day, DayOrders fetched, bool leaveUnchanged, CancellationToken cancellationToken)
    {
        var daily = new Dictionary<string, string?>(StringComparer.Ordinal);
        var query = Query.Collection(DataLayout.DailyOrders(client, day)).SelectFields(leaveUnchanged ? HashOnly : []);
        await foreach (var document in store.QueryAsync(query, cancellationToken))
        {
            daily[document.Id] = leaveUnchanged ? document.Fields.String(OrderDocument.ContentHashField) : null;
        }

        // The main copies of the orders read again whose daily copy has a hash: both must agree before a write is left
        // out, or a main copy an earlier attempt failed to write would never be repaired.
        var candidates = fetched.Orders
            .Select(o => o.Order.KlaviyoEventId)
            .Where(id => daily.GetValueOrDefault(id) is not null && PathSegments.IsValid(id))
            .ToList();
        var unchanged = new Dictionary<string, string>(StringComparer.Ordinal);
        if (candidates.Count > 0)
        {
            var main = await store.GetAllAsync([.. candidates.Select(id => DataLayout.Order(client, id))], HashOnly, cancellationToken);
            for (var i = 0; i < candidates.Count; i++)
            {
                if (main[i]?.Fields.String(OrderDocument.ContentHashField) is { } hash && hash == daily[candidates[i]])
                {
                    unchanged[candidates[i]] = hash;
                }
            }
        }

        return new StoredDayOrders(daily, unchanged);
    }

    /// <summary>Stored orders of the day that Klaviyo did not return this time (deleted there, e.g. for privacy), in id order.</summary>
    public IReadOnlyList<string> NotIn(DayOrders fetched)
    {
        var gone = new HashSet<string>(_dailyHashes.Keys, StringComparer.Ordinal);
        foreach (var (order, _) in fetched.Orders)
        {
            gone.Remove(order.KlaviyoEventId);
        }

        return [.. gone.Order(StringComparer.Ordinal)];
    }
}
