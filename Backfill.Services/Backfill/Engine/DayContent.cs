using Backfill.Services.Backfill.Documents;
using Backfill.Services.Backfill.Refunds;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Engine;

/// <summary>
/// Everything written for one day: its orders (and the removal of stored orders Klaviyo no longer returns), the
/// campaigns and flows active that day, and its rollup. A run without orders writes none of the order figures.
/// </summary>
internal sealed record DayContent(
    DateOnly Day,
    DayOrders Orders,
    IReadOnlyDictionary<string, MessageStatistics>? Campaigns,
    IReadOnlyDictionary<string, FlowDay>? Flows,
    MessageCatalog Catalog,
    string MainCurrency)
{
    /// <summary>False when the run does not read orders: the day's orders and the rollup's order figures are left alone.</summary>
    public bool IncludeOrders { get; init; } = true;

    /// <summary>Stored order ids of the day that Klaviyo did not return this time: deleted from both order paths.</summary>
    public IReadOnlyList<string> DeletedOrderIds { get; init; } = [];

    /// <summary>Today, written before it ended: its rollup says so, and the next refresh replaces it.</summary>
    public bool Partial { get; init; }

    /// <summary>Refunds and cancellations of the day's orders, by the order's <c>$event_id</c>, whenever they came.</summary>
    public IReadOnlyDictionary<string, OrderRefunds> Refunds { get; init; } = new Dictionary<string, OrderRefunds>();

    /// <summary>The day's totals, computed once: the rollup document and the checkpoint both use them.</summary>
    public DailyRollup Rollup => _rollup ??= ComputeRollup();

    private DailyRollup? _rollup;

    private DailyRollup ComputeRollup()
    {
        var revenue = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var refunded = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (order, _) in Orders.Orders)
        {
            revenue[order.Currency] = revenue.GetValueOrDefault(order.Currency) + order.Value;
            counts[order.Currency] = counts.GetValueOrDefault(order.Currency) + 1;
            if (Refunds.GetValueOrDefault(order.EventId) is { RefundedValue: not 0 } refunds)
            {
                refunded[order.Currency] = refunded.GetValueOrDefault(order.Currency) + refunds.RefundedValue;
            }
        }

        return new DailyRollup(Day, Orders.Orders.Count, revenue, counts, Orders.Skipped, Campaigns?.Count ?? 0, Flows?.Count ?? 0, MainCurrency)
        {
            Partial = Partial,
            RefundedByCurrency = refunded,
            Breakdown = DayBreakdownBuilder.Build(Orders.Orders.Select(o => o.Order), MainCurrency),
        };
    }

    /// <summary>The day's writes; deletions and orders first, the rollup last.</summary>
    public IEnumerable<Write> Writes(ClientId client, DateTimeOffset now)
    {
        foreach (var eventId in DeletedOrderIds)
        {
            yield return Write.Delete(DataLayout.Order(client, eventId));
            yield return Write.Delete(DataLayout.DailyOrder(client, Day, eventId));
        }

        foreach (var (order, raw) in Orders.Orders)
        {
            var refunds = Refunds.GetValueOrDefault(order.EventId) ?? OrderRefunds.None;
            var fields = refunds.AddTo(OrderDocument.ToFields(order, raw, now), order.Value);
            yield return Write.Set(DataLayout.Order(client, order.KlaviyoEventId), fields);
            yield return Write.Set(DataLayout.DailyOrder(client, order.LocalDate, order.KlaviyoEventId), fields);

            // A run that had not stored the order yet may have parked these as unmatched; now they have their order.
            foreach (var reversal in refunds.Refunds.Append(refunds.Cancellation).OfType<OrderReversal>().Where(r => r.KlaviyoEventId.Length > 0))
            {
                yield return Write.Delete(DataLayout.UnmatchedRefund(client, reversal.KlaviyoEventId));
            }
        }

        foreach (var (campaignId, statistics) in Campaigns ?? new Dictionary<string, MessageStatistics>())
        {
            var campaign = Catalog.CampaignFor(campaignId);
            yield return Write.Set(
                DataLayout.DailyCampaign(client, Day, campaignId),
                DailyDocuments.Campaign(Day, campaignId, campaign?.Name, campaign?.Channel, statistics));
        }

        foreach (var (flowId, flowDay) in Flows ?? new Dictionary<string, FlowDay>())
        {
            yield return Write.Set(
                DataLayout.DailyFlow(client, Day, flowId),
                DailyDocuments.Flow(Day, flowId, Catalog.FlowsById.GetValueOrDefault(flowId)?.Name, flowDay.Total, flowDay.Messages));
        }

        yield return IncludeOrders
            ? Write.Set(DataLayout.DailyRollup(client, Day), Rollup.ToFields(now))
            : Write.Merge(DataLayout.DailyRollup(client, Day), Rollup.ToFields(now), DailyRollup.StatisticsFields);
    }
}
