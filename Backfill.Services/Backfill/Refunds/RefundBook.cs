namespace Backfill.Services.Backfill.Refunds;

/// <summary>
/// Every Refunded and Cancelled Order event of a run's window, by the order they belong to. Days take their orders'
/// refunds out as they are written; what is left belongs to orders outside the run's days.
/// </summary>
internal sealed class RefundBook
{
    private readonly Dictionary<string, OrderRefunds> _byOrder = new(StringComparer.Ordinal);

    private readonly Dictionary<string, DateOnly> _orderDates = new(StringComparer.Ordinal);

    public static RefundBook Empty => new();

    /// <summary>Events that named no order (no <c>$event_id</c>): read, counted, applied to nothing.</summary>
    public long Skipped { get; private set; }

    public void Add(OrderReversal? reversal)
    {
        if (reversal is null)
        {
            Skipped++;
            return;
        }

        _byOrder[reversal.OrderEventId] = (_byOrder.GetValueOrDefault(reversal.OrderEventId) ?? OrderRefunds.None).Add(reversal);
    }

    /// <summary>The order's account-local day, as its refund events tell it (Shopify's order <c>created_at</c>).</summary>
    public void NoteOrderDate(string orderEventId, DateOnly date) => _orderDates.TryAdd(orderEventId, date);

    /// <summary>The day a remaining order was placed, when a refund event told it; null when none did.</summary>
    public DateOnly? OrderDate(string orderEventId) => _orderDates.TryGetValue(orderEventId, out var date) ? date : null;

    /// <summary>The refunds of the given orders (by <c>$event_id</c>), removed from the book; orders without any are left out.</summary>
    public IReadOnlyDictionary<string, OrderRefunds> Take(IEnumerable<string> orderEventIds)
    {
        var taken = new Dictionary<string, OrderRefunds>(StringComparer.Ordinal);
        foreach (var id in orderEventIds)
        {
            if (_byOrder.Remove(id, out var refunds))
            {
                _orderDates.Remove(id);
                taken[id] = refunds;
            }
        }

        return taken;
    }

    /// <summary>Refunds of orders no day of the run held, by order <c>$event_id</c>, in a stable order.</summary>
    public IReadOnlyList<KeyValuePair<string, OrderRefunds>> Remaining =>
        [.. _byOrder.OrderBy(p => p.Key, StringComparer.Ordinal)];
}
