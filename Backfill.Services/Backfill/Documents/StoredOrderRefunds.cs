namespace Backfill.Services.Backfill.Documents;

/// <summary>
/// What an order's document says about refunds: <c>refunded_value</c>, <c>net_value</c>, <c>cancelled</c> and the
/// <c>refunds</c> list. The engine does not write these yet; until it does (and for orders copied before), an order
/// has no refunds and its net value is its value. Readers of refunds go through here, so writing them later changes
/// nothing else.
/// </summary>
public sealed record StoredOrderRefunds(decimal RefundedValue, decimal NetValue, bool Cancelled, int RefundCount)
{
    /// <summary>An order without refunds: net equals <paramref name="value"/>.</summary>
    public static StoredOrderRefunds None(decimal value) => new(0, value, false, 0);

    public static StoredOrderRefunds FromFields(IReadOnlyDictionary<string, object?> fields, decimal value)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var refunded = fields.Money("refunded_value") ?? 0;
        return new StoredOrderRefunds(
            refunded,
            fields.Money("net_value") ?? value - refunded,
            fields.Bool("cancelled"),
            fields.List("refunds").Count);
    }
}
