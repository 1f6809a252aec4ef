using Backfill.Services.Backfill.Documents;
using Backfill.Services.Backfill.Refunds;
using Backfill.Services.Klaviyo;
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
    private const string RawPropertiesField = "raw_properties";

    private const string RawPropertiesTruncatedField = "raw_properties_truncated";

    // What the content hash (always the same length) and the truncation flag add to a document's size.
    private static readonly long HashFieldBytes =
        FieldBytes(OrderDocument.ContentHashField, Storage.ContentHash.Of(new Dictionary<string, object?>(), OrderDocument.NotHashed));

    private static readonly long TruncatedFieldBytes = FieldBytes(RawPropertiesTruncatedField, true);

    public bool IsStored => Stored is not null || Unchanged;

    /// <summary>
    /// Stored by an earlier run with the same content on both copies: nothing to write, and its documents are let go as
    /// soon as that is known (a refresh prepares days ahead of writing them).
    /// </summary>
    public bool Unchanged { get; private init; }

    /// <summary>This order, known to be stored as it is: its writes dropped.</summary>
    public StorableOrder LeftAsStored() => this with { Stored = null, DailyStored = null, Unchanged = true };

    public static StorableOrder Prepare(ClientId client, Order order, RawJson? rawProperties, OrderRefunds refunds, DateTimeOffset now)
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
            // Built once, without raw_properties (null), and sized: the raw JSON as a string would add its UTF-8 bytes
            // (a string counts its bytes + 1, null counts 1), known before it is decoded. So an order too large with it
            // never materialises the string, and no document is built twice; the stored values are those of the
            // document built whole and checked, as before.
            var fields = StoreValues.NormalizeFields(refunds.AddTo(OrderDocument.ToFields(order, null, now), order.Value));
            var document = new Dictionary<string, object?>(fields, StringComparer.Ordinal);
            var size = Size(path, dailyPath, document) + HashFieldBytes;
            if (size + (rawProperties?.Utf8Length ?? 0) <= DocumentSize.MaxDocumentBytes)
            {
                document[RawPropertiesField] = rawProperties?.Decode();
            }
            else
            {
                // The normalised fields are what reporting reads; Klaviyo's raw JSON is the part that can be let go.
                document[RawPropertiesTruncatedField] = true;
                size += TruncatedFieldBytes;
                if (size > DocumentSize.MaxDocumentBytes)
                {
                    return Skip(order, $"its document is {size:N0} bytes even without raw_properties, over Firestore's limit of {DocumentSize.MaxDocumentBytes:N0}");
                }
            }

            document[OrderDocument.ContentHashField] = Storage.ContentHash.Of(document, OrderDocument.NotHashed);
            return new StorableOrder(order, new SetWrite(path, document), new SetWrite(dailyPath, document), null);
        }
        catch (StoreException e)
        {
            return Skip(order, $"its document cannot be stored ({e.StoreMessage})");
        }
    }

    private static StorableOrder Skip(Order order, string reason) => new(order, null, null, reason);

    /// <summary>The hash both copies carry (<see cref="OrderDocument.ContentHashField"/>).</summary>
    public string? ContentHash => Stored?.Fields.GetValueOrDefault(OrderDocument.ContentHashField) as string;

    private static long FieldBytes(string name, object? value)
    {
        var path = DocumentPath.Of("a", "b");
        return DocumentSize.Of(path, new Dictionary<string, object?> { [name] = value }) - DocumentSize.Of(path, new Dictionary<string, object?>());
    }

    private static long Size(DocumentPath path, DocumentPath dailyPath, IReadOnlyDictionary<string, object?> fields) =>
        Math.Max(DocumentSize.Of(path, fields), DocumentSize.Of(dailyPath, fields));
}
