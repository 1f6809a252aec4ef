using System.Runtime.CompilerServices;
using Backfill.Services.Klaviyo.RateLimiting;

namespace Backfill.Services.Klaviyo.Client;

internal sealed partial class KlaviyoClient
{
    /// <summary>
    /// One event stream read page after page with at most one page held: the page just read is released before the
    /// next is requested. Nested iterators (pages of documents, pages of events, events) each kept their last page
    /// while the next was fetched and parsed, so a long range read in one piece held two pages of 1,000 events where a
    /// short range's last page is a partly filled one.
    /// </summary>
    /// <param name="readAhead">
    /// Request the next page as soon as a page is in, so Klaviyo prepares and sends it while this one's events are read
    /// (a refresh's few pages then follow each other instead of waiting on each other); at most two pages are held.
    /// Only for streams known to be short: a long range held one page at a time keeps the memory of a 1-year run.
    /// </param>
    /// <param name="pageSize">Events per page (<see cref="KlaviyoQueries.Events"/>).</param>
    private async IAsyncEnumerable<KlaviyoEvent> SequentialEventsAsync(
        string metricId,
        DateTimeOffset fromUtc,
        DateTimeOffset toUtc,
        bool readAhead,
        int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var url = transport.Resolve(KlaviyoQueries.Events(metricId, fromUtc, toUtc, pageSize));
        var followed = new HashSet<string>(StringComparer.Ordinal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<(KlaviyoEvent[] Events, string? Next)>? ahead = null;
        try
        {
            while (true)
            {
                var (events, next) = ahead is null ? await ReadEventPageAsync(url, cancellationToken) : await ahead;
                ahead = null;
                if (readAhead && next is not null)
                {
                    ahead = ReadEventPageAsync(transport.FollowNext(next, followed), stop.Token);
                }

                // Indexed, not foreach: an enumerator kept in the iterator's state would hold the page after it is read.
                // Each event is let go once the reader has moved past it: a page of a small account spans months, and
                // one large event (the sandbox's 1.3 MB wholesale order) was held with the whole page for all of them.
                for (var i = 0; i < events.Length; i++)
                {
                    yield return events[i];
                    events[i] = null!;
                }

                events = [];
                if (next is null)
                {
                    yield break;
                }

                if (ahead is null)
                {
                    url = transport.FollowNext(next, followed);
                }
            }
        }
        finally
        {
            if (ahead is not null)
            {
                // The reader stopped early: the page read ahead is not wanted, and never left running unobserved.
                await stop.CancelAsync();
                await ((Task)ahead).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<(KlaviyoEvent[] Events, string? Next)> ReadEventPageAsync(Uri url, CancellationToken cancellationToken)
    {
        var page = await transport.GetAsync(url, KlaviyoBuckets.Events, cancellationToken);
        return (Events(page), page.Next);
    }

    /// <summary>
    /// A page's readable events, in an array its reader empties as it goes (a slot is null once its event has been
    /// yielded; see <see cref="SequentialEventsAsync"/>).
    /// </summary>
    private static KlaviyoEvent[] Events(JsonApiDocument page) =>
        [.. page.DataUtf8.Select(resource => KlaviyoResourceMapper.Event(resource, page)).OfType<KlaviyoEvent>()];
}
