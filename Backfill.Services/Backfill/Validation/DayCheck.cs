namespace Backfill.Services.Backfill.Validation;

/// <summary>One covered day compared with Klaviyo: the stored rollup's orders and revenue against Klaviyo's own aggregates.</summary>
public sealed record DayCheck(
    DateOnly Date,
    long StoredOrders,
    IReadOnlyDictionary<string, decimal> StoredRevenue,
    long KlaviyoOrders,
    IReadOnlyDictionary<string, decimal> KlaviyoRevenue,
    DateTimeOffset ValidatedAt)
{
    /// <summary>Equal counts, and equal revenue to the cent in every currency either side has.</summary>
    public bool Match =>
        StoredOrders == KlaviyoOrders
        && StoredRevenue.Keys.Union(KlaviyoRevenue.Keys).All(c => Math.Abs(StoredRevenue.GetValueOrDefault(c) - KlaviyoRevenue.GetValueOrDefault(c)) < 0.005m);
}
