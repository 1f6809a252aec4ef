using Backfill.Services.Backfill.Documents;

namespace Backfill.Services.Backfill.Data.Ranges;

/// <summary>
/// A range's figures summed from its daily rollups, the way <see cref="BackfillSummary"/> sums all of them: money in
/// the main currency, gross and net (refunds count on their order's day), AOV over the main currency's orders.
/// </summary>
public sealed record PeriodTotals(
    DayRange Range, long Orders, long MainCurrencyOrders, decimal Revenue, decimal RefundedRevenue, int DaysWithOrders, int DaysWritten)
{
    public decimal NetRevenue => Revenue - RefundedRevenue;

    public decimal AverageOrderValue => MainCurrencyOrders == 0 ? 0 : Math.Round(Revenue / MainCurrencyOrders, 2, MidpointRounding.AwayFromZero);

    public decimal NetAverageOrderValue => MainCurrencyOrders == 0 ? 0 : Math.Round(NetRevenue / MainCurrencyOrders, 2, MidpointRounding.AwayFromZero);

    public static PeriodTotals Of(DayRange range, IEnumerable<DailyRollup> rollups, string currency)
    {
        ArgumentNullException.ThrowIfNull(rollups);
        long orders = 0, mainOrders = 0;
        decimal revenue = 0, refunded = 0;
        int withOrders = 0, written = 0;
        foreach (var rollup in rollups.Where(r => range.Contains(r.Date)))
        {
            written++;
            withOrders += rollup.Orders > 0 ? 1 : 0;
            orders += rollup.Orders;
            mainOrders += rollup.OrdersByCurrency.GetValueOrDefault(currency);
            revenue += rollup.Revenue(currency);
            refunded += rollup.Refunded(currency);
        }

        return new PeriodTotals(range, orders, mainOrders, revenue, refunded, withOrders, written);
    }

    /// <summary>The relative change from <paramref name="before"/> to <paramref name="now"/>; null when there was nothing before.</summary>
    public static double? Change(decimal now, decimal before) => before == 0 ? null : (double)((now - before) / before);
}
