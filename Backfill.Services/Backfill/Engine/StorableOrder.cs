using Backfill.Services.Backfill.Documents;
using Backfill.Services.Backfill.Refunds;
using Backfill.Services.Orders;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Engine;

/// <summary>
/// One fetched order made ready to store, or the reason it cannot be: a document that cannot be written must never
/// fail its day (every retry would fail on the same day forever). An order over Firestore's 1 MiB keeps its normalised
/// fields and loses <c>raw_properties</c> (<c>raw_properties_truncated: true</c>); an order whose id the layout refuses,
/// or that is still too large, is <see cref="SkipReason">skipped</see> and recorded under <c>backfill_status/{id}/skipped</c>.
/// </summary>
internal sealed record StorableOrder(Order Order, SetWrite? Stored, SetWrite? DailyStored, string? SkipReason)
{
    public bool IsStored => Stored is not null || Unchanged;

    /// <summary>
    /// Stored by an earlier run with the same content on both copies: nothing to write, and its documents are let go as
    /// soon as that is known (a refresh prepares days ahead of writing them).
    /// </summary>
    public bool Unchanged { get; private init; }

    /// <summary>This order, known to be stored as it is: its writes dropped.</summary>
    public StorableOrder LeftAsStored() => this with { Stored = null, DailyStored = null, Unchanged = true };

    public static StorableOrder Prepare(ClientId client, Order order, string? rawProperties, OrderRefunds refunds, DateTimeOffset now)
    {
        DocumentPath path;
        DocumentPath dailyPath;
        try
        {
            path = DataLayout.Order(client, order.KlaviyoEventId);
            dailyPath = DataLayout.DailyOrder(client, order.LocalDate, order.KlaviyoEventId);
        }
        catch (InvalidPathException e)
        {
            return Skip(order, $"its Klaviyo event id cannot be a document id ({e.StoreMessage})");
        }

        try
        {
            var fields = refunds.AddTo(OrderDocument.ToFields(order, rawProperties, now), order.Value);
            var (stored, daily) = Writes(path, dailyPath, fields);
            if (Fits(stored, daily))
            {
                return new StorableOrder(order, stored, daily, null);
            }

            // The normalised fields are what reporting reads; Klaviyo's raw JSON is the part that can be let go.
            fields["raw_properties"] = null;
            fields["raw_properties_truncated"] = true;
            (stored, daily) = Writes(path, dailyPath, fields);
            return Fits(stored, daily)
                ? new StorableOrder(order, stored, daily, null)
                : Skip(order, $"its document is {Size(stored, daily):N0} bytes even without raw_properties, over Firestore's limit of {DocumentSize.MaxDocumentBytes:N0}");
        }
        catch (StoreException e)
        {
            return Skip(order, $"its document cannot be stored ({e.StoreMessage})");
        }
    }

    private static StorableOrder Skip(Order order, string reason) => new(order, null, null, reason);

    /// <summary>The hash both copies carry (<see cref="OrderDocument.ContentHashField"/>).</summary>
    public string? ContentHash => Stored?.Fields.GetValueOrDefault(OrderDocument.ContentHashField) as string;

    private static (SetWrite Stored, SetWrite Daily) Writes(DocumentPath path, DocumentPath dailyPath, IReadOnlyDictionary<string, object?> fields)
    {
        var normalized = new Dictionary<string, object?>(StoreValues.NormalizeFields(fields), StringComparer.Ordinal);
        normalized[OrderDocument.ContentHashField] = Storage.ContentHash.Of(normalized, OrderDocument.NotHashed);
        var stored = new SetWrite(path, normalized);
        return (stored, new SetWrite(dailyPath, normalized));
    }

    private static long Size(SetWrite stored, SetWrite daily) =>
        Math.Max(DocumentSize.Of(stored.Path, stored.Fields), DocumentSize.Of(daily.Path, daily.Fields));

    private static bool Fits(SetWrite stored, SetWrite daily) => Size(stored, daily) <= DocumentSize.MaxDocumentBytes;
}
