using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Documents;

/// <summary>
/// One day's totals at <c>daily_rollups/{date}</c>, written with the day: what summaries read, so a summary costs
/// one document per day instead of one per order.
/// </summary>
public sealed record DailyRollup(
    DateOnly Date,
    long Orders,
    IReadOnlyDictionary<string, decimal> RevenueByCurrency,
    IReadOnlyDictionary<string, long> OrdersByCurrency,
    long SkippedEvents,
    int ActiveCampaigns,
    int ActiveFlows,
    string MainCurrency)
{
    /// <summary>The fields a run without orders owns; the order figures stay as the last run with orders left them.</summary>
    public static IReadOnlyList<FieldPath> StatisticsFields { get; } =
        [FieldPath.Of("date"), FieldPath.Of("active_campaigns"), FieldPath.Of("active_flows"), FieldPath.Of("statistics_backfilled_at")];

    /// <summary>The refund figures, which a refund arriving after the day was written refigures on its own.</summary>
    public static IReadOnlyList<FieldPath> RefundFields { get; } =
        [FieldPath.Of("refunded_revenue"), FieldPath.Of("net_revenue"), FieldPath.Of("refunded_revenue_by_currency")];

    /// <summary>Today's day, written before it ended; replaced by the next refresh.</summary>
    public bool Partial { get; init; }

    /// <summary>
    /// The day's last comparison with Klaviyo (the stored side counted from the day's order documents at that time), or
    /// null when it was never validated. A later run that rewrites the rollup drops it until the run validates again.
    /// </summary>
    public Validation.DayCheck? Validation { get; init; }

    /// <summary>The fields a validation merges onto the rollup: Klaviyo's side and whether the stored side equals it.</summary>
    public static IReadOnlyDictionary<string, object?> ValidationFieldsOf(Validation.DayCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new Dictionary<string, object?>
        {
            ["klaviyo_orders"] = check.KlaviyoOrders,
            ["klaviyo_revenue"] = check.KlaviyoRevenue.ToDictionary(p => p.Key, p => (object?)p.Value),
            ["validated_orders"] = check.StoredOrders,
            ["validated_revenue"] = check.StoredRevenue.ToDictionary(p => p.Key, p => (object?)p.Value),
            ["validated_at"] = check.ValidatedAt,
            ["match"] = check.Match,
        };
    }

    /// <summary>The day's refunds and its check against Klaviyo, as far as the rollup records them.</summary>
    public DayReconciliation Reconciliation { get; init; } = DayReconciliation.None;
    /// Refunded on this day's orders, whenever the refund came: counted on the order's day, so a day's net revenue is
    /// final once its refunds are in and matches cohort reporting.
    /// </summary>
    public IReadOnlyDictionary<string, decimal> RefundedByCurrency { get; init; } = new Dictionary<string, decimal>();

    /// <summary>The day's revenue by product, category, brand, attribution and UTM; null on rollups written before breakdowns.</summary>
    public DayBreakdown? Breakdown { get; init; }

    public decimal Revenue(string currency) => RevenueByCurrency.TryGetValue(currency, out var value) ? value : 0;

    public decimal Refunded(string currency) => RefundedByCurrency.TryGetValue(currency, out var value) ? value : 0;

    /// <summary>Revenue of the main currency less what was refunded on those orders.</summary>
    public decimal NetRevenue => Revenue(MainCurrency) - Refunded(MainCurrency);

    public IReadOnlyDictionary<string, object?> ToFields(DateTimeOffset backfilledAt) => new Dictionary<string, object?>
    {
        ["date"] = DataLayout.FormatDate(Date),
        ["orders"] = Orders,
        ["revenue"] = Revenue(MainCurrency),
        ["currency"] = MainCurrency,
        ["revenue_by_currency"] = RevenueByCurrency.ToDictionary(p => p.Key, p => (object?)p.Value),
        ["refunded_revenue"] = Refunded(MainCurrency),
        ["net_revenue"] = NetRevenue,
        ["refunded_revenue_by_currency"] = RefundedByCurrency.ToDictionary(p => p.Key, p => (object?)p.Value),
        ["orders_by_currency"] = OrdersByCurrency.ToDictionary(p => p.Key, p => (object?)p.Value),
        ["skipped_events"] = SkippedEvents,
        ["active_campaigns"] = ActiveCampaigns,
        ["active_flows"] = ActiveFlows,
        ["partial"] = Partial,
        ["backfilled_at"] = backfilledAt,
        ["statistics_backfilled_at"] = backfilledAt,
        ["breakdown"] = Breakdown?.ToFields(),
    };

    public static DailyRollup FromDocument(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var f = document.Fields;
        return new DailyRollup(
            f.Date("date") ?? DateOnly.ParseExact(document.Id, DataLayout.DateFormat, System.Globalization.CultureInfo.InvariantCulture),
            f.Long("orders"),
            f.MoneyMap("revenue_by_currency"),
            f.Map("orders_by_currency").ToDictionary(p => p.Key, p => p.Value is long l ? l : 0L),
            f.Long("skipped_events"),
            (int)f.Long("active_campaigns"),
            (int)f.Long("active_flows"),
            f.String("currency") ?? "")
        {
            Partial = f.Bool("partial"),
            Validation = f.Time("validated_at") is { } validatedAt
                ? new Validation.DayCheck(
                    f.Date("date") ?? DateOnly.ParseExact(document.Id, DataLayout.DateFormat, System.Globalization.CultureInfo.InvariantCulture),
                    f.Long("validated_orders"), f.MoneyMap("validated_revenue"), f.Long("klaviyo_orders"), f.MoneyMap("klaviyo_revenue"), validatedAt)
                : null,
            Reconciliation = DayReconciliation.FromFields(f, f.String("currency") ?? ""),
            RefundedByCurrency = f.MoneyMap("refunded_revenue_by_currency"),
            Breakdown = DayBreakdown.FromFields(f),
        };
    }
}
