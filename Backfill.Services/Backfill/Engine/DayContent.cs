using Backfill.Services.Backfill.Documents;
using Backfill.Services.Backfill.Refunds;
using Backfill.Services.Klaviyo;
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

    /// <summary>
    /// Orders stored by an earlier run with this content hash on both copies (<see cref="StoredDayOrders.Unchanged"/>):
    /// one read again with the same hash is not written again, so its <c>backfilled_at</c> and update time keep saying
    /// when its content last changed.
    /// </summary>
    public IReadOnlyDictionary<string, string> UnchangedOrders { get; init; } = new Dictionary<string, string>();

    /// <summary>Orders left as stored because they were read unchanged; counted as the orders are prepared.</summary>
    public int UnchangedWritesLeftOut { get; private set; }

    /// <summary>Today, written before it ended: its rollup says so, and the next refresh replaces it.</summary>
    public bool Partial { get; init; }

    /// <summary>Refunds and cancellations of the day's orders, by the order's <c>$event_id</c>, whenever they came.</summary>
    public IReadOnlyDictionary<string, OrderRefunds> Refunds { get; init; } = new Dictionary<string, OrderRefunds>();

    /// <summary>The day's totals, computed once: the rollup document and the checkpoint both use them.</summary>
    public DailyRollup Rollup => _rollup ??= ComputeRollup();

    private DailyRollup? _rollup;

    // The day's orders as they will be stored (or skipped); prepared by Writes, which the rollup follows.
    private IReadOnlyList<StorableOrder>? _prepared;

    /// <summary>Orders of the day that cannot be stored (recorded under <c>skipped</c>); known once <see cref="Writes"/> ran.</summary>
    public IEnumerable<StorableOrder> Unstorable => (_prepared ?? []).Where(o => !o.IsStored);

    private DailyRollup ComputeRollup()
    {
        var revenue = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var refunded = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var stored = _prepared?.Where(o => o.IsStored).Select(o => o.Order) ?? Orders.Orders.Select(o => o.Order);
        var unstorable = _prepared?.Count(o => !o.IsStored) ?? 0;
        var count = 0;
        foreach (var order in stored)
        {
            count++;
            revenue[order.Currency] = revenue.GetValueOrDefault(order.Currency) + order.Value;
            counts[order.Currency] = counts.GetValueOrDefault(order.Currency) + 1;
            if (Refunds.GetValueOrDefault(order.EventId) is { RefundedValue: not 0 } refunds)
            {
                refunded[order.Currency] = refunded.GetValueOrDefault(order.Currency) + refunds.RefundedValue;
            }
        }

        return new DailyRollup(Day, count, revenue, counts, Orders.Skipped + unstorable, Campaigns?.Count ?? 0, Flows?.Count ?? 0, MainCurrency)
        {
            Partial = Partial,
            RefundedByCurrency = refunded,
            Breakdown = DayBreakdownBuilder.Build(Orders.Orders.Select(o => o.Order), MainCurrency),
        };
    }

    /// <summary>Orders this day will write (neither skipped nor left as stored); known once the orders are prepared.</summary>
    public int OrdersToWrite => _prepared?.Count(o => o.Stored is not null) ?? Orders.Orders.Count;

    /// <summary>
    /// The day with every order made ready to store (documents built, content hashed), and those read unchanged let go:
    /// the CPU-heavy part of a day, done before its campaign and flow statistics are in hand. The copy keeps the orders
    /// without their raw JSON, which now lives only in the documents still to write.
    /// </summary>
    public DayContent WithOrdersPrepared(ClientId client, DateTimeOffset now)
    {
        var prepared = Prepare(client, now);
        var copy = this with { Orders = Orders with { Orders = [.. Orders.Orders.Select(o => (o.Order, (RawJson?)null))] } };
        copy._prepared = prepared;
        copy._rollup = null;
        return copy;
    }

    /// <summary>The day's writes; deletions and orders first, the rollup last.</summary>
    public IEnumerable<Write> Writes(ClientId client, DateTimeOffset now)
    {
        if (_prepared is null)
        {
            _prepared = Prepare(client, now);
            _rollup = null;
        }

        return PreparedWrites(client, _prepared, now);
    }

    private List<StorableOrder> Prepare(ClientId client, DateTimeOffset now)
    {
        var prepared = new List<StorableOrder>(Orders.Orders.Count);
        foreach (var (order, rawProperties) in Orders.Orders)
        {
            var storable = StorableOrder.Prepare(client, order, rawProperties, Refunds.GetValueOrDefault(order.EventId) ?? OrderRefunds.None, now);
            var unchanged = storable.Stored is not null
                && UnchangedOrders.TryGetValue(order.KlaviyoEventId, out var storedHash)
                && storedHash == storable.ContentHash;
            if (unchanged)
            {
                UnchangedWritesLeftOut++;
            }

            prepared.Add(unchanged ? storable.LeftAsStored() : storable);
        }

        return prepared;
    }

    private IEnumerable<Write> PreparedWrites(ClientId client, IReadOnlyList<StorableOrder> prepared, DateTimeOffset now)
    {
        foreach (var eventId in DeletedOrderIds)
        {
            yield return Write.Delete(DataLayout.Order(client, eventId));
            yield return Write.Delete(DataLayout.DailyOrder(client, Day, eventId));
        }

        foreach (var preparedOrder in prepared)
        {
            var (order, stored, daily, skipReason) = preparedOrder;
            if (!preparedOrder.IsStored)
            {
                // Recorded and counted, and the day goes on; a version stored by an earlier run would no longer agree with the rollup.
                yield return Write.Set(DataLayout.SkippedEvent(client, order.KlaviyoEventId), SkippedEventDocument.ToFields(order, skipReason!, now));
                if (PathSegments.IsValid(order.KlaviyoEventId))
                {
                    yield return Write.Delete(DataLayout.Order(client, order.KlaviyoEventId));
                    yield return Write.Delete(DataLayout.DailyOrder(client, order.LocalDate, order.KlaviyoEventId));
                }

                continue;
            }

            var refunds = Refunds.GetValueOrDefault(order.EventId) ?? OrderRefunds.None;
            if (stored is not null && daily is not null)
            {
                yield return stored;
                yield return daily;
            }

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
