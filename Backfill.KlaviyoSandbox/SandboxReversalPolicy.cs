namespace Backfill.KlaviyoSandbox;

/// <summary>
/// Decides, from the seed and the order alone, whether a Shopify order is refunded or cancelled, by how much and when.
/// It draws from its own stream (hashed from the order's noise), so adding it changed no Placed Order byte.
/// </summary>
internal static class SandboxReversalPolicy
{
    /// <summary>Share of orders cancelled (and so fully refunded), as Shopify does when an unfulfilled order is called off.</summary>
    public const double CancelledShare = 0.01;

    /// <summary>Share of orders refunded in part: a third of all refunded orders.</summary>
    public const double PartialShare = 0.0133;

    /// <summary>Share of orders with any refund, cancelled ones included.</summary>
    public const double RefundedShare = 0.04;

    /// <summary>No reversal comes later than this many days after its order; readers look back this far.</summary>
    public const int MaxDelayDays = 49;

    private const int Day = 86_400;

    /// <summary>Adds the order's reversals (none for most) to <paramref name="into"/>, in time order.</summary>
    public static void Derive(SandboxCatalog catalog, SandboxOrder order, List<SandboxReversal> into)
    {
        // Only Shopify's own orders: the WooCommerce and custom-API metrics have no refund metric in Klaviyo.
        // Orders added through the control endpoint arrived "now", so any refund of theirs is still to come.
        if (order.Secondary || order.Arrived || catalog.Account.Shape != SandboxOrderShape.Shopify)
        {
            return;
        }
        var seed = SandboxRandom.Hash(catalog.AccountSeed, 0x8EF, order.Noise);
        var rng = new SandboxRandom(seed);
        var roll = rng.NextDouble();
        if (roll >= RefundedShare)
        {
            return;
        }
        if (roll < CancelledShare)
        {
            var at = order.Timestamp + rng.Next(Day, 7 * Day);
            var refundId = RefundId(order, 0);
            into.Add(new(SandboxReversalKind.Cancellation, order, EventId(seed, 3), at, order.Value, order.Value, refundId, SandboxRandom.Hash(seed, 0x103)));
            into.Add(new(SandboxReversalKind.Refund, order, EventId(seed, 1), at, order.Value, order.Value, refundId, SandboxRandom.Hash(seed, 0x101)));
            return;
        }
        var partial = roll < CancelledShare + PartialShare;
        var total = partial ? Cents(order.Value * (decimal)(0.15 + 0.55 * rng.NextDouble()), order.Value) : order.Value;
        var first = order.Timestamp + rng.Next(3 * Day, 35 * Day);
        // Some refunds come in two parts (one item back now, the rest later); the parts add up to the refunded total.
        if (total >= 0.02m && rng.Chance(partial ? 0.25 : 0.2))
        {
            var part = Cents(total * (decimal)(0.3 + 0.4 * rng.NextDouble()), total - 0.01m);
            var second = first + rng.Next(2 * Day, 14 * Day);
            into.Add(new(SandboxReversalKind.Refund, order, EventId(seed, 1), first, part, part, RefundId(order, 0), SandboxRandom.Hash(seed, 0x101)));
            into.Add(new(SandboxReversalKind.Refund, order, EventId(seed, 2), second, total - part, total, RefundId(order, 1), SandboxRandom.Hash(seed, 0x102)));
            return;
        }
        into.Add(new(SandboxReversalKind.Refund, order, EventId(seed, 1), first, total, total, RefundId(order, 0), SandboxRandom.Hash(seed, 0x101)));
    }

    /// <summary>A positive amount in cents, at most <paramref name="max"/>.</summary>
    private static decimal Cents(decimal amount, decimal max) =>
        Math.Clamp(Math.Round(amount, 2, MidpointRounding.AwayFromZero), 0.01m, max);

    private static string EventId(ulong seed, ulong n) => SandboxIds.Short(SandboxRandom.Hash(seed, n), 11);

    /// <summary>Shopify-style numeric refund id, unique per order and refund.</summary>
    private static long RefundId(SandboxOrder order, int n) => 1_090_000_000_000L + order.OrderNumber * 3 + n;
}
