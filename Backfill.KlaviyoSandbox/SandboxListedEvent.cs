namespace Backfill.KlaviyoSandbox;

/// <summary>One row of <c>GET /api/events</c>: an order's Placed Order event, or one of its reversals.</summary>
internal readonly record struct SandboxListedEvent(SandboxOrder Order, SandboxReversal? Reversal)
{
    public long Timestamp => Reversal?.Timestamp ?? Order.Timestamp;

    public string Id => Reversal?.Id ?? Order.Id;

    /// <summary>The profile: a reversal belongs to whoever placed the order.</summary>
    public int Customer => Order.Customer;

    public bool HasAttribution => Reversal is null && Order.AttributionKind != SandboxAttributionKind.None;

    public SandboxMetric Metric(SandboxCatalog catalog) =>
        Reversal is { } reversal ? catalog.MetricOf(reversal.MetricKind)
        : Order.Secondary ? catalog.MetricOf(SandboxMetricKind.SecondaryPlacedOrder)
        : catalog.PlacedOrder;

    public static int Chronological(SandboxListedEvent a, SandboxListedEvent b) =>
        a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : string.CompareOrdinal(a.Id, b.Id);
}
