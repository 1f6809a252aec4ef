namespace Backfill.Services.Backfill.Documents;

/// <summary>
/// What a day's rollup says about refunds and about its check against Klaviyo's own totals: <c>refunded_revenue</c>,
/// <c>net_revenue</c>, <c>klaviyo_orders</c>, <c>klaviyo_revenue</c>, <c>validated_at</c> and <c>match</c>. The engine
/// does not write these yet; until it does, a day has no refunds (net equals gross) and was never validated. Readers
/// go through here, so writing them later changes nothing else.
/// </summary>
/// <remarks>
/// <c>refunded_revenue</c> and <c>net_revenue</c> are read either as a map of currency → amount or, like the rollup's
/// <c>revenue</c>, as one amount in the day's main currency.
/// </remarks>
public sealed record DayReconciliation(
    IReadOnlyDictionary<string, decimal> RefundedByCurrency,
    IReadOnlyDictionary<string, decimal> NetByCurrency,
    long? KlaviyoOrders,
    decimal? KlaviyoRevenue,
    DateTimeOffset? ValidatedAt,
    string? Match)
{
    public static DayReconciliation None { get; } = new(
        new Dictionary<string, decimal>(), new Dictionary<string, decimal>(), null, null, null, null);

    public decimal Refunded(string currency) => RefundedByCurrency.TryGetValue(currency, out var amount) ? amount : 0;

    /// <summary>The stored net revenue in <paramref name="currency"/>, else gross minus refunds.</summary>
    public decimal Net(string currency, decimal gross) => NetByCurrency.TryGetValue(currency, out var amount) ? amount : gross - Refunded(currency);

    public static DayReconciliation FromFields(IReadOnlyDictionary<string, object?> fields, string mainCurrency)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new DayReconciliation(
            ByCurrency(fields, "refunded_revenue", mainCurrency),
            ByCurrency(fields, "net_revenue", mainCurrency),
            fields.TryGetValue("klaviyo_orders", out var orders) && orders is long or double ? fields.Long("klaviyo_orders") : null,
            // Validation stores Klaviyo's revenue per currency; the day's main currency is the one a row shows.
            fields.TryGetValue("klaviyo_revenue", out var klaviyoRevenue) && klaviyoRevenue is IReadOnlyDictionary<string, object?>
                ? fields.MoneyMap("klaviyo_revenue").GetValueOrDefault(mainCurrency)
                : fields.Money("klaviyo_revenue"),
            fields.Time("validated_at"),
            fields.TryGetValue("match", out var match) ? match switch
            {
                string text => text,
                bool flag => flag ? "true" : "false",
                _ => null,
            } : null);
    }

    private static Dictionary<string, decimal> ByCurrency(IReadOnlyDictionary<string, object?> fields, string name, string mainCurrency)
    {
        if (fields.TryGetValue(name, out var value) && value is IReadOnlyDictionary<string, object?>)
        {
            return fields.MoneyMap(name);
        }

        var amount = fields.Money(name);
        return amount is { } a && mainCurrency.Length > 0
            ? new Dictionary<string, decimal>(StringComparer.Ordinal) { [mainCurrency] = a }
            : new Dictionary<string, decimal>(StringComparer.Ordinal);
    }
}
