using System.Globalization;
using Backfill.Services.Backfill.Engine;
using Backfill.Services.Klaviyo;
using Backfill.Services.Klaviyo.Client;
using Backfill.Services.Orders;

namespace Backfill.Services.Backfill.Refunds;

/// <summary>Reads a Refunded/Cancelled Order event; null when it names no order (nothing to apply it to).</summary>
internal static class OrderReversalReader
{
    public static OrderReversal? Read(KlaviyoEvent e, bool cancellation, TimeZoneInfo timeZone)
    {
        var properties = e.EventProperties;
        if (properties.ValueKind != System.Text.Json.JsonValueKind.Object || OrderJson.FirstString(properties, "$event_id") is not { Length: > 0 } orderEventId)
        {
            return null;
        }

        var amount = OrderJson.FirstDecimal(properties, "$value") ?? 0m;
        var currency = OrderJson.FirstString(properties, "$currency_code", "$value_currency", "Currency");
        return new OrderReversal(e.Id, orderEventId, cancellation, e.Datetime, DayRange.LocalDate(e.Datetime, timeZone), amount, currency);
    }

    /// <summary>
    /// The account-local day of the order the event belongs to, from Shopify's order in <c>$extra.created_at</c> (with
    /// its offset), when the event carries it: the order is then looked up in that day's collection, not among all.
    /// </summary>
    public static DateOnly? OrderDate(KlaviyoEvent e, TimeZoneInfo timeZone) =>
        e.EventProperties.ValueKind == System.Text.Json.JsonValueKind.Object
        && e.EventProperties.Object("$extra")?.String("created_at") is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? DayRange.LocalDate(at, timeZone)
            : null;
}
