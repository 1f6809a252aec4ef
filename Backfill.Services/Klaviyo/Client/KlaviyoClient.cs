using System.Runtime.CompilerServices;
using Backfill.Services.Klaviyo.RateLimiting;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>The Klaviyo client for one account: lists and events. Reports live in the other part of this class.</summary>
internal sealed partial class KlaviyoClient(KlaviyoHttpTransport transport, KlaviyoOptions options) : IKlaviyoClient
{
    private const string PlacedOrder = "Placed Order";

    /// <summary>
    /// A stream estimated at no more than this many pages after its first (a week of a large account) is read one page
    /// ahead; a longer one is held a page at a time, so a long range needs no more memory than a year.
    /// </summary>
    private const int ReadAheadPages = 8;

    private IReadOnlyList<KlaviyoMetric>? _metrics;

    public KlaviyoClientStatistics Statistics => transport.Counters.Snapshot();

    public async Task<KlaviyoAccount> GetAccountAsync(CancellationToken cancellationToken)
    {
        var document = await transport.GetAsync(transport.Resolve(KlaviyoQueries.Accounts()), KlaviyoBuckets.Accounts, cancellationToken);
        if (document.Data.Count == 0)
        {
            throw new KlaviyoApiException(System.Net.HttpStatusCode.OK, "Klaviyo returned no account for this key.");
        }

        return KlaviyoResourceMapper.Account(document.Data[0]);
    }

    public async IAsyncEnumerable<KlaviyoMetric> GetMetricsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var metric in await ListMetricsAsync(cancellationToken))
        {
            yield return metric;
        }
    }

    /// <summary>
    /// The account's metrics, listed once per client: a run's order, refund and statistics readers each need them,
    /// and an account does not gain a metric that matters to a run while it runs. A client lives for one run.
    /// </summary>
    private async Task<IReadOnlyList<KlaviyoMetric>> ListMetricsAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _metrics) is { } listed)
        {
            return listed;
        }

        var metrics = new List<KlaviyoMetric>();
        await foreach (var page in PagesAsync(KlaviyoQueries.Metrics(), KlaviyoBuckets.Metrics, cancellationToken))
        {
            metrics.AddRange(page.Data.Select(KlaviyoResourceMapper.Metric));
        }

        Volatile.Write(ref _metrics, metrics);
        return metrics;
    }

    public async Task<KlaviyoMetric?> FindPlacedOrderMetricAsync(string? preferredMetricId, CancellationToken cancellationToken)
    {
        var metrics = new List<KlaviyoMetric>();
        await foreach (var metric in GetMetricsAsync(cancellationToken))
        {
            metrics.Add(metric);
        }

        return ChoosePlacedOrder(metrics, preferredMetricId);
    }

    /// <summary>A configured id wins; among several "Placed Order" metrics Shopify's is the one stores mean.</summary>
    internal static KlaviyoMetric? ChoosePlacedOrder(IReadOnlyList<KlaviyoMetric> metrics, string? preferredMetricId)
    {
        if (!string.IsNullOrWhiteSpace(preferredMetricId)
            && metrics.FirstOrDefault(m => string.Equals(m.Id, preferredMetricId, StringComparison.Ordinal)) is { } preferred)
        {
            return preferred;
        }

        var candidates = metrics.Where(m => string.Equals(m.Name.Trim(), PlacedOrder, StringComparison.OrdinalIgnoreCase)).ToList();
        return candidates.FirstOrDefault(IsShopify) ?? candidates.FirstOrDefault();
    }

    private static bool IsShopify(KlaviyoMetric metric) =>
        string.Equals(metric.IntegrationName, "Shopify", StringComparison.OrdinalIgnoreCase)
        || string.Equals(metric.IntegrationKey, "shopify", StringComparison.OrdinalIgnoreCase);

    public async IAsyncEnumerable<KlaviyoCampaign> GetCampaignsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var channel in KlaviyoQueries.CampaignChannels)
        {
            foreach (var archived in (bool[])[false, true])
            {
                await foreach (var page in PagesAsync(KlaviyoQueries.Campaigns(channel, archived), KlaviyoBuckets.Campaigns, cancellationToken))
                {
                    foreach (var resource in page.Data)
                    {
                        yield return KlaviyoResourceMapper.Campaign(resource, channel, page.Related(resource, "campaign-messages"));
                    }
                }
            }
        }
    }

    public async IAsyncEnumerable<KlaviyoFlow> GetFlowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var archived in (bool[])[false, true])
        {
            await foreach (var page in PagesAsync(KlaviyoQueries.Flows(archived), KlaviyoBuckets.Flows, cancellationToken))
            {
                foreach (var resource in page.Data)
                {
                    yield return KlaviyoResourceMapper.Flow(resource);
                }
            }
        }
    }

    public async IAsyncEnumerable<KlaviyoCampaign> GetCampaignsUpdatedSinceAsync(
        DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var channel in KlaviyoQueries.CampaignChannels)
        {
            await foreach (var page in PagesAsync(KlaviyoQueries.CampaignsUpdatedSince(channel, since), KlaviyoBuckets.Campaigns, cancellationToken))
            {
                foreach (var resource in page.Data)
                {
                    yield return KlaviyoResourceMapper.Campaign(resource, channel, page.Related(resource, "campaign-messages"));
                }
            }
        }
    }

    public async IAsyncEnumerable<KlaviyoFlow> GetFlowsUpdatedSinceAsync(DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var page in PagesAsync(KlaviyoQueries.FlowsUpdatedSince(since), KlaviyoBuckets.Flows, cancellationToken))
        {
            foreach (var resource in page.Data)
            {
                yield return KlaviyoResourceMapper.Flow(resource);
            }
        }
    }

    public IAsyncEnumerable<KlaviyoEvent> GetPlacedOrderEventsAsync(
        string metricId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken) =>
        SequentialEventsAsync(metricId, fromUtc, toUtc, readAhead: false, KlaviyoQueries.MaxEventPageSize, cancellationToken);

    public IAsyncEnumerable<KlaviyoEvent> GetEventsInPagesOfAsync(
        string metricId, DateTimeOffset fromUtc, DateTimeOffset toUtc, int pageSize, CancellationToken cancellationToken) =>
        SequentialEventsAsync(metricId, fromUtc, toUtc, readAhead: false, Math.Clamp(pageSize, 1, KlaviyoQueries.MaxEventPageSize), cancellationToken);

    public IAsyncEnumerable<KlaviyoEvent> GetEventsInParallelSlicesAsync(
        string metricId, DateTimeOffset fromUtc, DateTimeOffset toUtc, int? parallelism, CancellationToken cancellationToken) =>
        SlicedEventsAsync(
            metricId, fromUtc, toUtc, parallelism, TimeSpan.FromDays(options.MinEventSliceDays), TimeSpan.FromDays(options.MaxEventSliceDays), cancellationToken);

    public IAsyncEnumerable<KlaviyoEvent> GetSparseEventsAsync(
        string metricId, DateTimeOffset fromUtc, DateTimeOffset toUtc, int? parallelism, CancellationToken cancellationToken) =>
        // Uncapped: a sparse slice read ahead holds a page or two whatever its length.
        SlicedEventsAsync(metricId, fromUtc, toUtc, parallelism, TimeSpan.FromDays(options.MinSparseEventSliceDays), maxSliceLength: default, cancellationToken);

    private async IAsyncEnumerable<KlaviyoEvent> SlicedEventsAsync(
        string metricId, DateTimeOffset fromUtc, DateTimeOffset toUtc, int? parallelism, TimeSpan minSliceLength, TimeSpan maxSliceLength,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var degree = Math.Clamp(parallelism ?? options.EventSliceParallelism, 1, 32);
        var slices = EventSlices.Split(fromUtc, toUtc, degree, minSliceLength, maxSliceLength);
        if (slices.Count <= 1)
        {
            await foreach (var item in GetPlacedOrderEventsAsync(metricId, fromUtc, toUtc, cancellationToken))
            {
                yield return item;
            }

            yield break;
        }

        if (minSliceLength <= TimeSpan.Zero)
        {
            // No shortest slice (Klaviyo:MinEventSliceDays 0): sliced by parallelism alone, as configured.
            await foreach (var item in EventSlices.MergeInOrderAsync(slices, degree, (slice, token) => EventPagesAsync(metricId, slice.From, slice.To, token), cancellationToken))
            {
                yield return item;
            }

            yield break;
        }

        // The window's first page, read alone: a stream that fits in it (a small account's month) ends here in one
        // request instead of one per slice. Otherwise how far its events reach estimates the pages left. Fewer than
        // eight a worker are read in one piece: slicing them would add a partly filled page per slice for little gain,
        // and a long slice read ahead would hold more than a short range's run does. More are cut into at most a
        // quarter as many slices, so the partly filled page each slice ends on stays a small share.
        KlaviyoEvent[] first = [];
        string? next = null;
        await foreach (var page in PagesAsync(KlaviyoQueries.Events(metricId, fromUtc, toUtc), KlaviyoBuckets.Events, cancellationToken))
        {
            first = Events(page);
            next = page.Next;
            if (first.Length > 0 || next is null)
            {
                break;
            }

            // A page without one readable event says nothing of the stream's density: page on until one does.
        }

        // The rest starts at the whole second of the last event read (filters are to the second); the events of that
        // second are yielded here and not again from the rest.
        var restFrom = first.Length > 0 ? DateTimeOffset.FromUnixTimeSeconds(first[^1].Datetime.ToUnixTimeSeconds()) : toUtc;
        var yielded = first.Where(e => e.Datetime >= restFrom).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var reached = restFrom - fromUtc;
        var pagesLeft = reached > TimeSpan.Zero ? (long)Math.Ceiling((toUtc - restFrom) / reached) : long.MaxValue;

        // Each event of the probe's page is let go once the reader has moved past it (a page of 1,000 events is megabytes).
        for (var i = 0; i < first.Length; i++)
        {
            yield return first[i];
            first[i] = null!;
        }

        first = [];
        if (next is null)
        {
            yield break;
        }

        var rest = EventSlices.Split(restFrom, toUtc, degree, minSliceLength, maxSliceLength, maxCount: pagesLeft < 8 * degree ? 1 : pagesLeft / 4);
        // A rest of a few pages (a refresh's week) is read one page ahead; more are sliced, or held a page at a time.
        var events = rest.Count <= 1
            ? SequentialEventsAsync(metricId, restFrom, toUtc, readAhead: pagesLeft <= ReadAheadPages, KlaviyoQueries.MaxEventPageSize, cancellationToken)
            : EventSlices.MergeInOrderAsync<KlaviyoEvent>(rest, degree, (slice, token) => EventPagesAsync(metricId, slice.From, slice.To, token), cancellationToken);
        await foreach (var item in events)
        {
            if (!yielded.Contains(item.Id))
            {
                yield return item;
            }
        }
    }

    private async IAsyncEnumerable<KlaviyoEvent[]> EventPagesAsync(
        string metricId, DateTimeOffset fromUtc, DateTimeOffset toUtc, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var page in PagesAsync(KlaviyoQueries.Events(metricId, fromUtc, toUtc), KlaviyoBuckets.Events, cancellationToken))
        {
            yield return Events(page);
        }
    }

    /// <summary>Follows <c>links.next</c> verbatim until it is absent or null.</summary>
    private async IAsyncEnumerable<JsonApiDocument> PagesAsync(string firstPage, string bucket, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var url = transport.Resolve(firstPage);
        var followed = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var page = await transport.GetAsync(url, bucket, cancellationToken);
            yield return page;
            if (page.Next is null)
            {
                yield break;
            }

            url = transport.FollowNext(page.Next, followed);
        }
    }
}
