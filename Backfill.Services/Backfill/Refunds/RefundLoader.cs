using Backfill.Services.Klaviyo;

namespace Backfill.Services.Backfill.Refunds;

/// <summary>
/// Reads a window's Refunded Order and Cancelled Order events into a <see cref="RefundBook"/>, all at once: a refund
/// comes days or weeks after its order, and a day's orders must find refunds dated long after it. They are a few
/// percent of the orders, so a window of up to a year is held whole; a longer one is read as its days advance
/// (<see cref="RefundFeed"/>).
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

        foreach (var (metric, cancellation) in await MetricsAsync(klaviyo, cancellationToken))
        {
            await foreach (var e in klaviyo.GetSparseEventsAsync(metric.Id, fromUtc, toUtc, parallelism, cancellationToken))
            {
                Add(book, e, cancellation, timeZone);
            }
        }

        return book;
    }

    /// <summary>The account's Refunded Order and Cancelled Order metrics (an account without one has nothing of it to read).</summary>
    internal static async Task<IReadOnlyList<(KlaviyoMetric Metric, bool Cancellation)>> MetricsAsync(IKlaviyoClient klaviyo, CancellationToken cancellationToken)
    {
        var metrics = new List<KlaviyoMetric>();
        await foreach (var metric in klaviyo.GetMetricsAsync(cancellationToken))
        {
            metrics.Add(metric);
        }

        var chosen = new List<(KlaviyoMetric, bool)>();
        foreach (var (name, cancellation) in new[] { (RefundedOrder, false), (CancelledOrder, true) })
        {
            if (Choose(metrics, name) is { } metric)
            {
                chosen.Add((metric, cancellation));
            }
        }

        return chosen;
    }

    /// <summary>One refund or cancellation event into the book, with its order's day when the event tells it.</summary>
    internal static void Add(RefundBook book, KlaviyoEvent e, bool cancellation, TimeZoneInfo timeZone)
    {
        var reversal = OrderReversalReader.Read(e, cancellation, timeZone);
        book.Add(reversal);
        if (reversal is not null && OrderReversalReader.OrderDate(e, timeZone) is { } orderDate)
        {
            book.NoteOrderDate(reversal.OrderEventId, orderDate);
        }
    }

    /// <summary>Shopify's metric of that name when there are several (its events carry the Placed Order's <c>$event_id</c>).</summary>
    internal static KlaviyoMetric? Choose(IReadOnlyList<KlaviyoMetric> metrics, string name)
    {
        var candidates = metrics.Where(m => string.Equals(m.Name.Trim(), name, StringComparison.OrdinalIgnoreCase)).ToList();
        return candidates.FirstOrDefault(m => string.Equals(m.IntegrationName, "Shopify", StringComparison.OrdinalIgnoreCase)) ?? candidates.FirstOrDefault();
    }
}
