namespace Backfill.KlaviyoSandbox;

internal enum SandboxAttributionKind : byte
{
    None,
    Campaign,
    Flow,
}

/// <summary>Order "mess" flags: realistic irregularities clients must cope with.</summary>
[Flags]
internal enum SandboxOrderQuirks
{
    None = 0,
    StringItemCount = 1,
    StringValue = 2,
    NoCustomer = 4,
    NoLandingSite = 8,
    NoBrand = 16,
    NoBillingAddress = 32,

    /// <summary>A wholesale order whose properties carry a long packing note per line item (see <see cref="SandboxWholesaleDay"/>).</summary>
    Wholesale = 64,
}

internal readonly record struct SandboxLineItem(int Product, int Quantity, decimal UnitPrice);

/// <summary>One generated order event: every number decided, strings rendered only when the event is sent.</summary>
internal sealed class SandboxOrder
{
    public required long Timestamp { get; init; }

    public required string Id { get; init; }

    public required bool Secondary { get; init; }

    public required int Customer { get; init; }

    public required long OrderNumber { get; init; }

    public required SandboxLineItem[] Items { get; init; }

    public required decimal Subtotal { get; init; }

    public required decimal Discount { get; init; }

    public required int DiscountCode { get; init; }

    public required decimal Shipping { get; init; }

    public required decimal Tax { get; init; }

    public required decimal Value { get; init; }

    public required string Currency { get; init; }

    public required string SourceName { get; init; }

    public required int LandingPage { get; init; }

    public required SandboxOrderQuirks Quirks { get; init; }

    public required ulong Noise { get; init; }

    /// <summary>Added late through the control endpoint (see <see cref="SandboxOrderArrival"/>).</summary>
    public bool Arrived { get; init; }

    public SandboxAttributionKind AttributionKind { get; init; }

    /// <summary>Campaign index or global flow-message index.</summary>
    public int AttributionIndex { get; init; }

    public long AttributionSendTs { get; init; }

    public int AttributionCount => AttributionKind == SandboxAttributionKind.None ? 0 : 1;
}
