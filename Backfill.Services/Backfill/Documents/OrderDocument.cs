using Backfill.Services.Orders;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Documents;

/// <summary>
/// An order as stored at <c>orders/{event_id}</c> and <c>daily/orders/{date}/{event_id}</c> (same fields in both):
/// the normalised <see cref="Order"/> in snake_case plus the raw event properties as JSON text, so nothing Klaviyo
/// sent is lost even where its shape cannot be a Firestore map (arrays of arrays, reserved names).
/// </summary>
public static class OrderDocument
{
    /// <summary>
    /// The field holding <see cref="Storage.ContentHash"/> of the document's other fields except <c>backfilled_at</c>:
    /// a run that reads an order again and finds the same hash on both stored copies leaves them as they are.
    /// </summary>
    public const string ContentHashField = "content_hash";

    /// <summary>What the content hash leaves out: when the order was written, and the hash itself.</summary>
    public static IReadOnlySet<string> NotHashed { get; } = new HashSet<string>(StringComparer.Ordinal) { "backfilled_at", ContentHashField };

    public static IReadOnlyDictionary<string, object?> ToFields(Order order, string? rawPropertiesJson, DateTimeOffset backfilledAt)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new Dictionary<string, object?>
        {
            ["event_id"] = order.EventId,
            ["klaviyo_event_id"] = order.KlaviyoEventId,
            ["order_id"] = order.OrderId,
            ["order_number"] = order.OrderNumber,
            ["placed_at"] = order.PlacedAtUtc,
            ["date"] = DataLayout.FormatDate(order.LocalDate),
            ["value"] = order.Value,
            ["currency"] = order.Currency,
            ["subtotal"] = order.Subtotal,
            ["tax"] = order.Tax,
            ["total_discount"] = order.TotalDiscount,
            ["discount_codes"] = order.DiscountCodes,
            ["shipping_method"] = order.ShippingMethod,
            ["shipping_amount"] = order.ShippingAmount,
            ["item_count"] = order.ItemCount,
            ["line_items"] = order.LineItems.Select(LineItem).ToList(),
            ["categories"] = order.Categories,
            ["brands"] = order.Brands,
            ["customer"] = Customer(order.Customer),
            ["utm"] = Utm(order.Utm),
            ["attribution"] = order.Attribution is null ? null : Attribution(order.Attribution),
            ["source_name"] = order.SourceName,
            ["raw_properties"] = rawPropertiesJson,
            ["backfilled_at"] = backfilledAt,
        };
    }

    public static StoredOrder FromDocument(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var f = document.Fields;
        var customer = f.Map("customer");
        var utm = f.Map("utm");
        var attribution = f.Map("attribution");
        var order = new Order(
            EventId: f.String("event_id") ?? document.Id,
            KlaviyoEventId: f.String("klaviyo_event_id") ?? document.Id,
            OrderId: f.String("order_id"),
            OrderNumber: f.String("order_number"),
            PlacedAtUtc: f.Time("placed_at") ?? DateTimeOffset.MinValue,
            LocalDate: f.Date("date") ?? DateOnly.MinValue,
            Value: f.Money("value") ?? 0,
            Currency: f.String("currency") ?? "",
            Subtotal: f.Money("subtotal"),
            Tax: f.Money("tax"),
            TotalDiscount: f.Money("total_discount"),
            DiscountCodes: f.Strings("discount_codes"),
            ShippingMethod: f.String("shipping_method"),
            ShippingAmount: f.Money("shipping_amount"),
            LineItems: [.. f.Maps("line_items").Select(ReadLineItem)],
            ItemCount: f.NullableInt("item_count") ?? 0,
            Categories: f.Strings("categories"),
            Brands: f.Strings("brands"),
            Customer: new OrderCustomer(
                customer.String("profile_id"), customer.String("email"), customer.String("first_name"), customer.String("last_name"),
                customer.String("city"), customer.String("region"), customer.String("country"), customer.String("zip")),
            Utm: new OrderUtm(utm.String("source"), utm.String("medium"), utm.String("campaign"), utm.String("term"), utm.String("content")),
            Attribution: attribution.Count == 0 ? null : new OrderAttribution(
                attribution.String("kind") == "flow" ? OrderAttributionKind.Flow : OrderAttributionKind.Campaign,
                attribution.String("campaign_id"), attribution.String("flow_id"), attribution.String("message_id"),
                attribution.String("channel"), attribution.String("attributed_event_id")),
            SourceName: f.String("source_name"));
        return new StoredOrder(document.Id, order, f.String("raw_properties")) { Refunds = StoredOrderRefunds.FromFields(f, order.Value) };
    }

    private static Dictionary<string, object?> LineItem(OrderLineItem item) => new()
    {
        ["product_id"] = item.ProductId,
        ["sku"] = item.Sku,
        ["name"] = item.Name,
        ["variant"] = item.Variant,
        ["quantity"] = item.Quantity,
        ["unit_price"] = item.UnitPrice,
        ["line_total"] = item.LineTotal,
        ["categories"] = item.Categories,
        ["brand"] = item.Brand,
    };

    private static OrderLineItem ReadLineItem(IReadOnlyDictionary<string, object?> f) => new(
        f.String("product_id"), f.String("sku"), f.String("name"), f.String("variant"), f.NullableInt("quantity"),
        f.Money("unit_price"), f.Money("line_total"), f.Strings("categories"), f.String("brand"));

    private static Dictionary<string, object?> Customer(OrderCustomer c) => new()
    {
        ["profile_id"] = c.ProfileId,
        ["email"] = c.Email,
        ["first_name"] = c.FirstName,
        ["last_name"] = c.LastName,
        ["city"] = c.City,
        ["region"] = c.Region,
        ["country"] = c.Country,
        ["zip"] = c.Zip,
    };

    private static Dictionary<string, object?> Utm(OrderUtm u) => new()
    {
        ["source"] = u.Source,
        ["medium"] = u.Medium,
        ["campaign"] = u.Campaign,
        ["term"] = u.Term,
        ["content"] = u.Content,
    };

    private static Dictionary<string, object?> Attribution(OrderAttribution a) => new()
    {
        ["kind"] = a.Kind == OrderAttributionKind.Flow ? "flow" : "campaign",
        ["campaign_id"] = a.CampaignId,
        ["flow_id"] = a.FlowId,
        ["message_id"] = a.MessageId,
        ["channel"] = a.Channel,
        ["attributed_event_id"] = a.AttributedEventId,
    };
}

/// <summary>An order read back from the store: its document id (the Klaviyo event id), the order, and the raw properties JSON.</summary>
public sealed record StoredOrder(string DocumentId, Order Order, string? RawPropertiesJson)
{
    /// <summary>The order's refunds as stored; none (net equals value) for documents that do not record them.</summary>
    public StoredOrderRefunds Refunds { get; init; } = StoredOrderRefunds.None(Order.Value);
}
