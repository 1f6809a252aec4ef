using Backfill.Services.Backfill.Engine;
using Backfill.Services.Klaviyo;

namespace Backfill.Services.Backfill.Refunds;

/// <summary>
/// A run's Refunded and Cancelled Order events, put into its <see cref="Book"/> as its days advance. A window of up to
/// <c>Backfill:WholeRefundWindowDays</c> is read whole before the first day (<see cref="RefundLoader"/>). A longer one
/// is read in time order, one page of each metric's stream at a time, only as far as the caller asks
/// (<see cref="ReadThroughAsync"/>): read whole, ten years of a busy account's refunds (about 300 bytes each) were held
/// from the first day, ten times a one-year run's.
/// </summary>
internal sealed class RefundFeed : IAsyncDisposable
{
    /// <summary>
    /// Events per page of a stream read as the days advance. A page of a busy store's refunds spans weeks of its days
    /// and is held all that time: 1,000 events with their profiles are about 2 MB, 200 about 0.4 MB. Ten years of such
    /// a store's refunds are then some 250 requests a metric, spread over the run.
    /// </summary>
    internal const int PageSize = 200;

    private readonly List<(PeekableEvents Events, bool Cancellation)> _streams;
    private readonly TimeZoneInfo _timeZone;

    private RefundFeed(RefundBook book, List<(PeekableEvents Events, bool Cancellation)> streams, TimeZoneInfo timeZone)
    {
        Book = book;
        _streams = streams;
        _timeZone = timeZone;
    }

    /// <summary>No refunds (a run that reads no orders).</summary>
    public static RefundFeed None => new(RefundBook.Empty, [], TimeZoneInfo.Utc);

    /// <summary>What has been read so far, less what the days took out.</summary>
    public RefundBook Book { get; }

    /// <summary>
    /// The window from <paramref name="fromUtc"/> to <paramref name="toUtc"/>: read whole now when it is at most
    /// <paramref name="wholeWindowDays"/> long, otherwise opened to be read as far as asked.
    /// </summary>
    public static async Task<RefundFeed> OpenAsync(
        IKlaviyoClient klaviyo,
        DateTimeOffset fromUtc,
        DateTimeOffset toUtc,
        TimeZoneInfo timeZone,
        int wholeWindowDays,
        int? parallelism,
        CancellationToken cancellationToken)
    {
        if (toUtc - fromUtc <= TimeSpan.FromDays(wholeWindowDays))
        {
            return new RefundFeed(await RefundLoader.LoadAsync(klaviyo, fromUtc, toUtc, timeZone, parallelism, cancellationToken), [], timeZone);
        }

        // One page of each stream at a time, not parallel slices: slices read ahead would each hold pages of a stream
        // that is consumed over the whole run. Small pages, because each is held for weeks of days.
        var streams = (await RefundLoader.MetricsAsync(klaviyo, cancellationToken))
            .Select(m => (new PeekableEvents(klaviyo.GetEventsInPagesOfAsync(m.Metric.Id, fromUtc, toUtc, PageSize, cancellationToken), cancellationToken), m.Cancellation))
            .ToList();
        return new RefundFeed(new RefundBook(), streams, timeZone);
    }

    /// <summary>Puts every event dated before <paramref name="beforeUtc"/> into the book (nothing, when read whole).</summary>
    public async Task ReadThroughAsync(DateTimeOffset beforeUtc)
    {
        foreach (var (events, cancellation) in _streams)
        {
            while (await events.PeekAsync() is { } next && next.Datetime < beforeUtc)
            {
                events.Take();
                RefundLoader.Add(Book, next, cancellation, _timeZone);
            }
        }
    }

    /// <summary>Puts the rest of the window into the book.</summary>
    public Task ReadToEndAsync() => ReadThroughAsync(DateTimeOffset.MaxValue);

    public async ValueTask DisposeAsync()
    {
        foreach (var (events, _) in _streams)
        {
            await events.DisposeAsync();
        }
    }
}
