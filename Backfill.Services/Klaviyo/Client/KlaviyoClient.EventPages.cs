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
    private async IAsyncEnumerable<KlaviyoEvent> SequentialEventsAsync(
        string metricId, DateTimeOffset fromUtc, DateTimeOffset toUtc, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var url = transport.Resolve(KlaviyoQueries.Events(metricId, fromUtc, toUtc));
        var followed = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var (events, next) = await ReadEventPageAsync(url, cancellationToken);

            // Indexed, not foreach: an enumerator kept in the iterator's state would hold the page after it is read.
            for (var i = 0; i < events.Count; i++)
            {
                yield return events[i];
            }

            events = [];
            if (next is null)
            {
                yield break;
            }

            url = transport.FollowNext(next, followed);
        }
    }

    private async Task<(IReadOnlyList<KlaviyoEvent> Events, string? Next)> ReadEventPageAsync(Uri url, CancellationToken cancellationToken)
    {
        var page = await transport.GetAsync(url, KlaviyoBuckets.Events, cancellationToken);
        return ([.. page.DataUtf8.Select(resource => KlaviyoResourceMapper.Event(resource, page)).OfType<KlaviyoEvent>()], page.Next);
    }
}
