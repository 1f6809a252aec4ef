using System.Text.Json;
using Backfill.Services.Klaviyo.Client;

namespace Backfill.Services.Orders;

/// <summary>
/// Turns one raw "Placed Order" event (as the Klaviyo client parsed it) into an <see cref="Order"/>. Pure: no I/O,
/// no clock. Understands Shopify's shape (<c>$extra</c> holds the raw Shopify order) and Klaviyo's documented
/// custom-integration shape (<c>Items</c>, <c>ItemNames</c>, <c>DiscountCode</c>, …). Anything unusable comes back
/// as <see cref="OrderExtractionResult.Skipped"/> with a reason; it never throws on bad data.
/// </summary>
public static class OrderExtractor
{
    public static OrderExtractionResult Extract(
        JsonElement eventResource,
        JsonElement? includedProfile,
        IReadOnlyList<JsonElement>? attributions,
        TimeZoneInfo accountTimeZone,
        string accountCurrency)
    {
        ArgumentNullException.ThrowIfNull(accountTimeZone);
        if (eventResource.ValueKind != JsonValueKind.Object)
        {
            return OrderExtractionResult.Skipped($"the event is a JSON {eventResource.ValueKind}, not an object");
        }

        var klaviyoId = eventResource.String("id");
        if (klaviyoId is null)
        {
            return OrderExtractionResult.Skipped("the event has no id");
        }

        var attributes = eventResource.Object("attributes");
        if (attributes?.Object("event_properties") is not { } properties)
        {
            return OrderExtractionResult.Skipped($"event {klaviyoId} has no event_properties object");
        }

        var placedAt = PlacedAt(attributes.Value);
        if (placedAt is null)
        {
            return OrderExtractionResult.Skipped($"event {klaviyoId} has no readable datetime or timestamp");
        }

        var extra = properties.Object("$extra");
        var value = OrderJson.FirstDecimal(properties, "$value", "value", "Value")
            ?? OrderJson.FirstDecimal(extra, "total_price", "current_total_price");
        if (value is null)
        {
            return OrderExtractionResult.Skipped($"event {klaviyoId} has no usable order value ($value is missing, null or not a number)");
        }

        if (value < 0)
        {
            return OrderExtractionResult.Skipped($"event {klaviyoId} has a negative order value ({value})");
        }

        var lineItems = OrderLineItemReader.Read(properties, extra);
        var eventId = properties.String("$event_id") ?? klaviyoId;
        var order = new Order(
            EventId: eventId,
            KlaviyoEventId: klaviyoId,
            OrderId: OrderJson.FirstString(properties, "OrderId", "OrderID", "order_id") ?? extra?.String("id") ?? properties.String("$event_id"),
            OrderNumber: OrderJson.FirstString(extra, "name", "order_number") ?? OrderJson.FirstString(properties, "OrderNumber", "Order Number"),
            PlacedAtUtc: placedAt.Value,
            LocalDate: DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(placedAt.Value, accountTimeZone).DateTime),
            Value: value.Value,
            Currency: Currency(properties, extra) ?? accountCurrency,
            Subtotal: OrderJson.FirstDecimal(extra, "subtotal_price", "current_subtotal_price") ?? OrderJson.FirstDecimal(properties, "Subtotal", "SubTotal", "subtotal"),
            Tax: OrderJson.FirstDecimal(extra, "total_tax", "current_total_tax") ?? OrderJson.FirstDecimal(properties, "Tax", "TotalTax", "tax"),
            TotalDiscount: OrderJson.FirstDecimal(properties, "Total Discounts", "TotalDiscounts", "DiscountValue")
                ?? OrderJson.FirstDecimal(extra, "total_discounts", "current_total_discounts"),
            DiscountCodes: DiscountCodes(properties, extra),
            ShippingMethod: Shipping(extra).Method ?? OrderJson.FirstString(properties, "Shipping Rate", "ShippingMethod", "ShippingRate"),
            ShippingAmount: Shipping(extra).Amount ?? OrderJson.FirstDecimal(properties, "Shipping", "ShippingCost", "ShippingAmount"),
            LineItems: lineItems,
            ItemCount: ItemCount(properties, lineItems),
            Categories: OrderJson.Distinct(lineItems.SelectMany(i => i.Categories)
                .Concat(OrderJson.Strings(properties, "Categories"))
                .Concat(OrderJson.Strings(properties, "Collections"))),
            Brands: OrderJson.Distinct(lineItems.Select(i => i.Brand).Concat(OrderJson.Strings(properties, "Brands", "Brand"))),
            Customer: OrderCustomerReader.Read(eventResource, properties, extra, includedProfile),
            Utm: OrderUtmReader.Read(properties, extra),
            Attribution: OrderAttributionReader.Read(properties, attributions ?? []),
            SourceName: OrderJson.FirstString(properties, "Source Name", "SourceName", "Source") ?? extra?.String("source_name"));
        return OrderExtractionResult.Extracted(order);
    }

    private static DateTimeOffset? PlacedAt(JsonElement attributes)
    {
        if (attributes.DateTime("datetime") is { } datetime)
        {
            return datetime.ToUniversalTime();
        }

        return attributes.Decimal("timestamp") is { } seconds && seconds is > 0 and < 253_402_300_800m
            ? DateTimeOffset.FromUnixTimeSeconds((long)seconds)
            : null;
    }

    /// <summary>An ISO 4217 code from the event; anything that is not three letters is ignored in favour of the account's.</summary>
    private static string? Currency(JsonElement properties, JsonElement? extra)
    {
        var candidates = new[]
        {
            properties.String("$currency_code"), properties.String("$value_currency"), properties.String("Currency"),
            properties.String("currency"), extra?.String("currency"), extra?.String("presentment_currency"),
        };
        return candidates
            .Where(c => c is { Length: 3 } && c.All(char.IsAsciiLetter))
            .Select(c => c!.ToUpperInvariant())
            .FirstOrDefault();
    }

    private static IReadOnlyList<string> DiscountCodes(JsonElement properties, JsonElement? extra) =>
        OrderJson.Distinct(
            OrderJson.Strings(properties, "Discount Codes", "DiscountCodes", "DiscountCode")
                .Concat(extra?.Array("discount_codes").Select(d => d.ValueKind == JsonValueKind.Object ? d.String("code") : d.AsText()) ?? []));

    private static (string? Method, decimal? Amount) Shipping(JsonElement? extra)
    {
        var lines = extra?.Array("shipping_lines").Where(l => l.ValueKind == JsonValueKind.Object).ToList() ?? [];
        if (lines.Count == 0)
        {
            return (null, null);
        }

        var amounts = lines.Select(l => OrderJson.FirstDecimal(l, "price", "discounted_price")).OfType<decimal>().ToList();
        return (lines.Select(l => OrderJson.FirstString(l, "title", "code")).FirstOrDefault(t => t is not null),
            amounts.Count == 0 ? null : amounts.Sum());
    }

    private static int ItemCount(JsonElement properties, IReadOnlyList<OrderLineItem> lineItems)
    {
        if (OrderJson.Count(OrderJson.FirstDecimal(properties, "Item Count", "ItemCount")) is { } stated)
        {
            return stated;
        }

        return lineItems.Count > 0 && lineItems.All(i => i.Quantity is not null)
            ? lineItems.Sum(i => i.Quantity!.Value)
            : lineItems.Count;
    }
}
