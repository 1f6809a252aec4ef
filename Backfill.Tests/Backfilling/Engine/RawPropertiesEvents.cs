using System.Text;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Backfill.Refunds;
using Backfill.Services.Klaviyo;
using Backfill.Services.Klaviyo.Client;
using Backfill.Services.Orders;
using Backfill.Services.Storage;

namespace Backfill.Tests.Backfilling.Engine;

/// <summary>
/// Placed Order events read the way the engine reads them (a page parsed by the Klaviyo client, the order extracted,
/// its raw properties taken from the event), and the document an order was stored as before raw properties travelled
/// as bytes: <see cref="OrderDocument.ToFields"/> with the properties' raw text, checked whole and rebuilt without them
/// when over the limit.
/// </summary>
internal static class RawPropertiesEvents
{
    public static readonly DateTimeOffset Now = new(2026, 12, 7, 7, 0, 0, TimeSpan.Zero);

    public static ClientId Client { get; } = ClientId.Parse("raw-shop");

    /// <summary>Escapes, non-ASCII text (2, 3 and 4 UTF-8 bytes), whitespace and key order as a client may send them.</summary>
    public const string OrdinaryProperties = """
        {"$event_id":"ord-1001", "$value": 42.50,"Items":[{"ProductName":"Caf\u00e9 \"noir\"","Quantity":2,"ItemPrice":21.25,
          "Brand":"Rösterei ☕"}],"note":"naïve 🎉 \/ tab\there","nested":{"b":[1,2.50,1e3],"a":null},"$extra":{}}
        """;

    /// <summary>An event read from a page; <paramref name="eventProperties"/> null leaves the member out.</summary>
    public static (KlaviyoEvent Event, byte[] Utf8) ReadEvent(string? eventProperties, string id = "EVT-1")
    {
        var properties = eventProperties is null ? "" : ",\"event_properties\":" + eventProperties;
        var page = "{\"data\":[{\"type\":\"event\",\"id\":\"" + id + "\",\"attributes\":{\"datetime\":\"2025-03-04T10:00:00+00:00\""
            + properties + "}}],\"links\":{\"next\":null}}";
        var document = JsonApiDocument.Read(Encoding.UTF8.GetBytes(page));
        var utf8 = document.DataUtf8[0];
        return (KlaviyoResourceMapper.Event(utf8, document)!, utf8);
    }

    public static (Order Order, RawJson? Raw, string? RawText) Read(string eventProperties, string id = "EVT-1")
    {
        var (klaviyoEvent, _) = ReadEvent(eventProperties, id);
        var resource = klaviyoEvent.Resource;
        var order = OrderExtractor.Extract(resource, klaviyoEvent.Profile, klaviyoEvent.Attributions, TimeZoneInfo.Utc, "USD").Order!;
        var properties = KlaviyoEvent.PropertiesOf(resource);
        var rawText = properties.ValueKind == System.Text.Json.JsonValueKind.Undefined ? null : properties.GetRawText();
        return (order, klaviyoEvent.RawPropertiesOf(resource), rawText);
    }

    /// <summary>
    /// One ordinary line item and a note of <paramref name="noteLength"/> ASCII characters after three that take 2, 3 and
    /// 4 UTF-8 bytes (5 bytes more than UTF-16 characters would count).
    /// </summary>
    public static string PropertiesWithNote(int noteLength, string id = "ord-big") =>
        $$"""{"$event_id":"{{id}}","$value":10,"Items":[{"ProductName":"Crate","Quantity":1,"ItemPrice":10}],"note":"é☕🎉{{new string('x', noteLength)}}"}""";

    /// <summary>The order's document as it was stored before: built whole with the raw text, rebuilt without it when too large.</summary>
    public static Dictionary<string, object?>? DocumentBuiltWhole(Order order, string? rawText, OrderRefunds refunds)
    {
        var path = DataLayout.Order(Client, order.KlaviyoEventId);
        var dailyPath = DataLayout.DailyOrder(Client, order.LocalDate, order.KlaviyoEventId);
        var fields = refunds.AddTo(OrderDocument.ToFields(order, rawText, Now), order.Value);
        var document = Hashed(fields);
        if (Size(path, dailyPath, document) <= DocumentSize.MaxDocumentBytes)
        {
            return document;
        }

        fields["raw_properties"] = null;
        fields["raw_properties_truncated"] = true;
        document = Hashed(fields);
        return Size(path, dailyPath, document) <= DocumentSize.MaxDocumentBytes ? document : null;
    }

    private static Dictionary<string, object?> Hashed(IReadOnlyDictionary<string, object?> fields)
    {
        var normalized = new Dictionary<string, object?>(StoreValues.NormalizeFields(fields), StringComparer.Ordinal);
        normalized[OrderDocument.ContentHashField] = ContentHash.Of(normalized, OrderDocument.NotHashed);
        return normalized;
    }

    private static long Size(DocumentPath path, DocumentPath dailyPath, IReadOnlyDictionary<string, object?> fields) =>
        Math.Max(DocumentSize.Of(path, fields), DocumentSize.Of(dailyPath, fields));
}
