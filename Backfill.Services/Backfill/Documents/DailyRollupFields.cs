using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Documents;

/// <summary>
/// Every field of a <c>daily_rollups/{date}</c> document but its breakdowns: what the totals, charts and KPI cards of a
/// range need. The breakdowns are about nine tenths of a rollup, so a year read without them is a tenth of the bytes (on
/// Firestore) and of the decoding (on the embedded store, which skips unselected fields unread).
/// <c>DailyRollupFieldsTests</c> fails when a field is added to the rollup and not here.
/// </summary>
public static class DailyRollupFields
{
    public const string Breakdown = "breakdown";

    public static IReadOnlyList<FieldPath> Totals { get; } =
    [
        .. new[]
        {
            "date", "orders", "revenue", "currency", "revenue_by_currency", "orders_by_currency", "refunded_revenue", "net_revenue",
            "refunded_revenue_by_currency", "skipped_events", "active_campaigns", "active_flows", "partial", "backfilled_at",
            "statistics_backfilled_at", "klaviyo_orders", "klaviyo_revenue", "validated_orders", "validated_revenue", "validated_at", "match",
        }.Select(name => FieldPath.Of(name)),
    ];
}
