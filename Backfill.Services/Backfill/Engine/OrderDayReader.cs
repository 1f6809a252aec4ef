using Backfill.Services.Klaviyo;
using Backfill.Services.Orders;

namespace Backfill.Services.Backfill.Engine;

/// <summary>
/// One day's orders, ready to write, and how many events of the day could not be read as orders. Each keeps its raw
/// properties as the event's UTF-8 bytes: they are decoded only into a document that fits (<see cref="StorableOrder"/>).
/// </summary>
internal sealed record DayOrders(IReadOnlyList<(Order Order, RawJson? RawProperties)> Orders, long Skipped)
{
    public static DayOrders None { get; } = new([], 0);
}

/// <summary>
/// Cuts the time-ordered Placed Order stream into account-local days. Holds one day at a time: the stream is pulled
/// only as far as the day being written, so memory does not grow with the range.
/// </summary>
internal sealed class OrderDayReader(IAsyncEnumerable<KlaviyoEvent> events, TimeZoneInfo timeZone, string accountCurrency, CancellationToken cancellationToken)
    : IAsyncDisposable
{
    private readonly PeekableEvents _events = new(events, cancellationToken);

    /// <summary>Events dated before the day being read (Klaviyo returned them out of order); counted, not written.</summary>
    public long OutOfOrder { get; private set; }

    public async Task<DayOrders> ReadDayAsync(DateOnly day)
    {
        var orders = new List<(Order, RawJson?)>();
        long skipped = 0;
        while (await _events.PeekAsync() is { } next)
        {
            var date = DayRange.LocalDate(next.Datetime, timeZone);
            if (date > day)
            {
                break;
            }

            _events.Take();
            if (date < day)
            {
                OutOfOrder++;
                skipped++;
                continue;
            }

            // Read once: an event read from Klaviyo parses its resource on every read.
            var resource = next.Resource;
            var result = OrderExtractor.Extract(resource, next.Profile, next.Attributions, timeZone, accountCurrency);
            if (result.Order is { } order)
            {
                orders.Add((order, next.RawPropertiesOf(resource)));
            }
            else
            {
                skipped++;
            }
        }

        return new DayOrders(orders, skipped);
    }

    /// <summary>
    /// Starts the stream (its first page, and for a sliced stream its workers) without taking a day, so its first
    /// requests run while the caller does something else, e.g. reads the run's refunds. Await it before reading a day.
    /// </summary>
    public async Task PrimeAsync() => await _events.PeekAsync();

    public ValueTask DisposeAsync() => _events.DisposeAsync();
}
