namespace Backfill.Services.Backfill.Refunds;

/// <summary>
/// One Refunded Order or Cancelled Order event as read from Klaviyo. Shopify sends both with the Placed Order's
/// <c>$event_id</c>, which is how it finds its order.
/// </summary>
/// <param name="KlaviyoEventId">Klaviyo's id of this event: the key that makes re-reading it idempotent.</param>
/// <param name="OrderEventId">The order's <c>$event_id</c>.</param>
/// <param name="Cancellation">A Cancelled Order event (its amount is the order's value, not money given back).</param>
/// <param name="Date">The account-local day it happened.</param>
internal sealed record OrderReversal(
    string KlaviyoEventId,
    string OrderEventId,
    bool Cancellation,
    DateTimeOffset At,
    DateOnly Date,
    decimal Amount,
    string? Currency);
