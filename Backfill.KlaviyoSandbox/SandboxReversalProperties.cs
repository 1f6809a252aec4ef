using System.Globalization;
using System.Text.Json;

namespace Backfill.KlaviyoSandbox;

/// <summary>
/// Writes a Refunded Order or Cancelled Order event's <c>event_properties</c> in Shopify's shape: the order's
/// <c>$event_id</c> (its Shopify order id, as on Placed Order), <c>$value</c> (the amount refunded, or the cancelled
/// order's value), the currency, the order's items, and under <c>$extra</c> the order with this refund.
/// </summary>
internal static class SandboxReversalProperties
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly string[] CancelReasons = ["customer", "customer", "inventory", "declined", "fraud", "other"];

    private static readonly string[] RefundNotes = ["Returned", "Damaged in transit", "Wrong size", "Goodwill", "Item missing"];

    public static void Write(Utf8JsonWriter w, SandboxCatalog catalog, SandboxReversal reversal)
    {
        var order = reversal.Order;
        var products = catalog.Account.Products;
        var orderId = SandboxEventProperties.ShopifyOrderId(order);
        var cancellation = reversal.Kind == SandboxReversalKind.Cancellation;
        w.WriteStartObject("event_properties");
        w.WriteString("$event_id", orderId);
        w.WriteNumber("$value", reversal.Value);
        w.WriteString("$currency_code", order.Currency);
        w.WriteStartArray("Items");
        foreach (var item in order.Items)
        {
            w.WriteStringValue(products[item.Product].Title);
        }
        w.WriteEndArray();
        w.WriteStartArray("Collections");
        foreach (var category in order.Items.Select(i => products[i.Product].Category).Distinct())
        {
            w.WriteStringValue(category);
        }
        w.WriteEndArray();
        w.WriteNumber("Item Count", order.Items.Sum(i => i.Quantity));
        w.WriteString("Source Name", order.SourceName);
        if (cancellation)
        {
            w.WriteString("Reason", CancelReason(reversal));
        }

        w.WriteStartObject("$extra");
        w.WriteNumber("id", long.Parse(orderId, Inv));
        w.WriteString("name", "#" + order.OrderNumber.ToString(Inv));
        w.WriteNumber("order_number", order.OrderNumber);
        w.WriteString("created_at", Local(catalog, order.Timestamp));
        w.WriteString("currency", order.Currency);
        w.WriteString("total_price", Money(order.Value));
        w.WriteString("current_total_price", Money(order.Value - reversal.RefundedAfter));
        w.WriteString("financial_status", reversal.RefundedAfter >= order.Value ? "refunded" : "partially_refunded");
        if (cancellation)
        {
            w.WriteString("cancelled_at", Local(catalog, reversal.Timestamp));
            w.WriteString("cancel_reason", CancelReason(reversal));
        }
        else
        {
            w.WriteNull("cancelled_at");
        }
        // The refund this event reports (for a cancellation, the refund it caused), as Shopify's order.refunds[] has it.
        w.WriteStartArray("refunds");
        w.WriteStartObject();
        w.WriteNumber("id", reversal.RefundId);
        w.WriteNumber("order_id", long.Parse(orderId, Inv));
        w.WriteString("created_at", Local(catalog, reversal.Timestamp));
        w.WriteString("processed_at", Local(catalog, reversal.Timestamp));
        if (cancellation || reversal.Noise % 3 == 0)
        {
            w.WriteNull("note");
        }
        else
        {
            w.WriteString("note", RefundNotes[(int)(reversal.Noise / 3 % (ulong)RefundNotes.Length)]);
        }
        w.WriteStartArray("transactions");
        w.WriteStartObject();
        w.WriteString("kind", "refund");
        w.WriteString("status", "success");
        w.WriteString("amount", Money(cancellation ? order.Value : reversal.Value));
        w.WriteString("currency", order.Currency);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string CancelReason(SandboxReversal reversal) => CancelReasons[(int)(reversal.Noise % (ulong)CancelReasons.Length)];

    private static string Local(SandboxCatalog catalog, long unixSeconds) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds), catalog.Account.TimeZone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", Inv);

    private static string Money(decimal value) => value.ToString("0.00", Inv);
}
