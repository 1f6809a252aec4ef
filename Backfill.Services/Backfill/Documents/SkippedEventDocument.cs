using Backfill.Services.Orders;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Documents;

/// <summary>
/// An event a run could not store, at <c>backfill_status/{client_id}/skipped/{event_id}</c>: enough to find it in
/// Klaviyo and to know why, never its properties (they may be what made it unstorable).
/// </summary>
public static class SkippedEventDocument
{
    /// <summary>Longest id kept in the record: a refused id can be longer than a whole document may be.</summary>
    private const int MaxIdLength = 1_024;

    public static IReadOnlyDictionary<string, object?> ToFields(Order order, string reason, DateTimeOffset skippedAt)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new Dictionary<string, object?>
        {
            ["klaviyo_event_id"] = Shorten(order.KlaviyoEventId),
            ["event_id"] = Shorten(order.EventId),
            ["order_id"] = order.OrderId is null ? null : Shorten(order.OrderId),
            ["placed_at"] = order.PlacedAtUtc,
            ["date"] = DataLayout.FormatDate(order.LocalDate),
            ["value"] = order.Value,
            ["currency"] = order.Currency,
            ["reason"] = reason,
            ["skipped_at"] = skippedAt,
        };
    }

    private static string Shorten(string value) => value.Length <= MaxIdLength ? value : value[..MaxIdLength] + "…";
}
