using Backfill.Services.Klaviyo;

namespace Backfill.Services.Backfill.Refunds;

/// <summary>
/// Reads a window's Refunded Order and Cancelled Order events into a <see cref="RefundBook"/>. They are a few percent
/// of the orders, so the whole window is held at once: a refund comes days or weeks after its order, and a day's
/// orders must find refunds dated long after it.
/// </summary>
internal static class RefundLoader
{
    public const string RefundedOrder = "Refunded Order";
    public const string CancelledOrder = "Cancelled Order";

    public static async Task<RefundBook> LoadAsync(
        IKlaviyoClient klaviyo, DateTimeOffset fromUtc, DateTimeOffset toUtc, TimeZoneInfo timeZone, int? parallelism, CancellationToken cancellationToken)
    {
        var book = new RefundBook();
        if (fromUtc >= toUtc)
        {
            return book;
        }

        var metrics = new List<KlaviyoMetric>();
        await foreach (var metric in klaviyo.GetMetricsAsync(cancellationToken))
        {
            metrics.Add(metric);
        }

        foreach (var (name, cancellation) in new[] { (RefundedOrder, false), (CancelledOrder, true) })
        {
            // An account without the metric (no Shopify store, say) has nothing to take off its revenue.
            if (Choose(metrics, name) is not { } metric)
            {
                continue;
            }

            await foreach (var e in klaviyo.GetSparseEventsAsync(metric.Id, fromUtc, toUtc, parallelism, cancellationToken))
            {
                var reversal = OrderReversalReader.Read(e, cancellation, timeZone);
                book.Add(reversal);
                if (reversal is not null && OrderReversalReader.OrderDate(e, timeZone) is { } orderDate)
                {
                    book.NoteOrderDate(reversal.OrderEventId, orderDate);
                }
            }
        }

        return book;
    }

    /// <summary>Shopify's metric of that name when there are several (its events carry the Placed Order's <c>$event_id</c>).</summary>
    internal static KlaviyoMetric? Choose(IReadOnlyList<KlaviyoMetric> metrics, string name)
    {
        var candidates = metrics.Where(m => string.Equals(m.Name.Trim(), name, StringComparison.OrdinalIgnoreCase)).ToList();
        return candidates.FirstOrDefault(m => string.Equals(m.IntegrationName, "Shopify", StringComparison.OrdinalIgnoreCase)) ?? candidates.FirstOrDefault();
    }
}
