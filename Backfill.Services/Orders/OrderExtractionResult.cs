using System.Diagnostics.CodeAnalysis;

namespace Backfill.Services.Orders;

/// <summary>Either an <see cref="Order"/> or the reason the event could not be used.</summary>
public sealed record OrderExtractionResult
{
    private OrderExtractionResult(Order? order, string? skipReason)
    {
        Order = order;
        SkipReason = skipReason;
    }

    public Order? Order { get; }

    public string? SkipReason { get; }

    [MemberNotNullWhen(true, nameof(Order))]
    [MemberNotNullWhen(false, nameof(SkipReason))]
    public bool IsOrder => Order is not null;

    public static OrderExtractionResult Extracted(Order order) => new(order, null);

    public static OrderExtractionResult Skipped(string reason) => new(null, reason);
}
