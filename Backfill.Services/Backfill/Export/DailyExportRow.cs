using Backfill.Services.Backfill.Documents;
using MiniExcelLibs.Attributes;

namespace Backfill.Services.Backfill.Export;

/// <summary>
/// One day in one currency, from the day's rollup. Klaviyo's own totals describe the day in its main currency, so
/// they are on that row only (a column sum then counts them once); the validation state is on every row of the day.
/// </summary>
public sealed class DailyExportRow
{
    [ExcelColumn(Name = "date", Format = ExportFormats.Date, Width = 12)]
    public DateOnly Date { get; init; }

    [ExcelColumn(Name = "currency")]
    public required string Currency { get; init; }

    [ExcelColumn(Name = "orders")]
    public long Orders { get; init; }

    [ExcelColumn(Name = "gross_revenue", Format = ExportFormats.Money, Width = 14)]
    public decimal GrossRevenue { get; init; }

    [ExcelColumn(Name = "refunded_revenue", Format = ExportFormats.Money, Width = 14)]
    public decimal RefundedRevenue { get; init; }

    [ExcelColumn(Name = "net_revenue", Format = ExportFormats.Money, Width = 14)]
    public decimal NetRevenue { get; init; }

    [ExcelColumn(Name = "average_order_value", Format = ExportFormats.Money, Width = 14)]
    public decimal AverageOrderValue { get; init; }

    [ExcelColumn(Name = "klaviyo_orders", Width = 12)]
    public long? KlaviyoOrders { get; init; }

    [ExcelColumn(Name = "klaviyo_revenue", Format = ExportFormats.Money, Width = 14)]
    public decimal? KlaviyoRevenue { get; init; }

    [ExcelColumn(Name = "validated_at_utc", Format = ExportFormats.DateTime, Width = 20)]
    public DateTime? ValidatedAtUtc { get; init; }

    [ExcelColumn(Name = "match")]
    public string? Match { get; init; }

    [ExcelColumn(Name = "partial")]
    public bool Partial { get; init; }

    /// <summary>The day's rows: the main currency first, then the others by code; one row of zeros for a day without orders.</summary>
    public static IEnumerable<DailyExportRow> From(DailyRollup rollup)
    {
        ArgumentNullException.ThrowIfNull(rollup);
        var main = rollup.MainCurrency;
        var currencies = rollup.OrdersByCurrency.Keys.Union(rollup.RevenueByCurrency.Keys, StringComparer.Ordinal)
            .OrderBy(c => c == main ? 0 : 1).ThenBy(c => c, StringComparer.Ordinal).ToList();
        if (currencies.Count == 0)
        {
            currencies.Add(main);
        }

        var reconciliation = rollup.Reconciliation;
        for (var i = 0; i < currencies.Count; i++)
        {
            var currency = currencies[i];
            var orders = rollup.OrdersByCurrency.GetValueOrDefault(currency);
            var gross = rollup.Revenue(currency);
            var isMain = currency == main || (i == 0 && main.Length == 0);
            yield return new DailyExportRow
            {
                Date = rollup.Date,
                Currency = currency,
                Orders = orders,
                GrossRevenue = gross,
                RefundedRevenue = reconciliation.Refunded(currency),
                NetRevenue = reconciliation.Net(currency, gross),
                AverageOrderValue = orders == 0 ? 0 : Math.Round(gross / orders, 2, MidpointRounding.AwayFromZero),
                KlaviyoOrders = isMain ? reconciliation.KlaviyoOrders : null,
                KlaviyoRevenue = isMain ? reconciliation.KlaviyoRevenue : null,
                ValidatedAtUtc = reconciliation.ValidatedAt?.UtcDateTime,
                Match = reconciliation.Match,
                Partial = rollup.Partial,
            };
        }
    }
}
