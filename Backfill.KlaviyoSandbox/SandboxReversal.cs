namespace Backfill.KlaviyoSandbox;

internal enum SandboxReversalKind : byte
{
    /// <summary>A Refunded Order event: money given back, all or part of the order.</summary>
    Refund,

    /// <summary>A Cancelled Order event: the whole order called off (and refunded by a Refund at the same second).</summary>
    Cancellation,
}

/// <summary>
/// One Refunded Order or Cancelled Order event. Never stored: <see cref="SandboxReversalPolicy"/> derives it from its
/// order whenever the order's day is read, so it follows the order through the control endpoint's changes.
/// </summary>
/// <param name="Value">The event's <c>$value</c>: the amount refunded, or for a cancellation the order's value.</param>
/// <param name="RefundedAfter">Everything refunded on the order up to and including this event.</param>
/// <param name="RefundId">Shopify's id of the refund (for a cancellation, of the refund it caused).</param>
/// <param name="Noise">Per-event randomness for strings rendered at write time (uuid, note).</param>
internal sealed record SandboxReversal(
    SandboxReversalKind Kind,
    SandboxOrder Order,
    string Id,
    long Timestamp,
    decimal Value,
    decimal RefundedAfter,
    long RefundId,
    ulong Noise)
{
    public SandboxMetricKind MetricKind =>
        Kind == SandboxReversalKind.Refund ? SandboxMetricKind.RefundedOrder : SandboxMetricKind.CancelledOrder;

    /// <summary>Time, then id (ordinal): the order events of a day are listed in.</summary>
    public static int Chronological(SandboxReversal a, SandboxReversal b) =>
        a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : string.CompareOrdinal(a.Id, b.Id);
}
