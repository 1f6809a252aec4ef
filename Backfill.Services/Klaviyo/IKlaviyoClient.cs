namespace Backfill.Services.Klaviyo;

/// <summary>
/// Read access to one Klaviyo account. Lists page through <c>links.next</c> lazily; every call is throttled
/// proactively, retried when transient, and fails with a <see cref="KlaviyoException"/> subtype.
/// </summary>
public interface IKlaviyoClient
{
    /// <summary>The account (timezone, currency) behind the key.</summary>
    Task<KlaviyoAccount> GetAccountAsync(CancellationToken cancellationToken);

    /// <summary>All metrics of the account.</summary>
    IAsyncEnumerable<KlaviyoMetric> GetMetricsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The "Placed Order" metric: <paramref name="preferredMetricId"/> when it exists, else the Shopify one when
    /// several exist, else the first; null when the account has none.
    /// </summary>
    Task<KlaviyoMetric?> FindPlacedOrderMetricAsync(string? preferredMetricId, CancellationToken cancellationToken);

    /// <summary>Every campaign on every channel (email, sms, mobile_push), archived and not, with its messages.</summary>
    IAsyncEnumerable<KlaviyoCampaign> GetCampaignsAsync(CancellationToken cancellationToken);

    /// <summary>Every flow, archived and not.</summary>
    IAsyncEnumerable<KlaviyoFlow> GetFlowsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Campaigns on every channel that are not archived and were updated after <paramref name="since"/>: one request
    /// per channel instead of the full listing's two, for a refresh that already holds the rest.
    /// </summary>
    IAsyncEnumerable<KlaviyoCampaign> GetCampaignsUpdatedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Flows that are not archived and were updated after <paramref name="since"/>.</summary>
    IAsyncEnumerable<KlaviyoFlow> GetFlowsUpdatedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Events of <paramref name="metricId"/> in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), oldest first, with profile and attributions.</summary>
    IAsyncEnumerable<KlaviyoEvent> GetPlacedOrderEventsAsync(string metricId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);

    /// <summary>
    /// Same result as <see cref="GetPlacedOrderEventsAsync"/>, in pages of <paramref name="pageSize"/> events (at most
    /// 1,000), one held at a time: for a stream read slowly, over a whole run (a long run's refunds), whose page is held
    /// for weeks of the run's days.
    /// </summary>
    IAsyncEnumerable<KlaviyoEvent> GetEventsInPagesOfAsync(
        string metricId, DateTimeOffset fromUtc, DateTimeOffset toUtc, int pageSize, CancellationToken cancellationToken);

    /// <summary>
    /// Same result as <see cref="GetPlacedOrderEventsAsync"/>, but fetches several time slices at once (for when
    /// latency, not the rate limit, binds) and still yields in time order.
    /// </summary>
    IAsyncEnumerable<KlaviyoEvent> GetEventsInParallelSlicesAsync(
        string metricId, DateTimeOffset fromUtc, DateTimeOffset toUtc, int? parallelism, CancellationToken cancellationToken);

    /// <summary>
    /// Same result as <see cref="GetEventsInParallelSlicesAsync"/> for a stream a few percent as dense as the orders
    /// (refunds, cancellations): slices are at least <see cref="KlaviyoOptions.MinSparseEventSliceDays"/> long, because
    /// every slice costs a request however few events it holds.
    /// </summary>
    IAsyncEnumerable<KlaviyoEvent> GetSparseEventsAsync(
        string metricId, DateTimeOffset fromUtc, DateTimeOffset toUtc, int? parallelism, CancellationToken cancellationToken);

    /// <summary>Campaign totals for one timeframe (≤ 1 year).</summary>
    Task<KlaviyoValuesReport> QueryCampaignValuesAsync(KlaviyoValuesQuery query, CancellationToken cancellationToken);

    /// <summary>Flow totals for one timeframe (≤ 1 year).</summary>
    Task<KlaviyoValuesReport> QueryFlowValuesAsync(KlaviyoValuesQuery query, CancellationToken cancellationToken);

    /// <summary>Flow series over any timeframe, fetched in windows Klaviyo accepts (daily ≤ 60 days) and stitched together.</summary>
    Task<KlaviyoSeriesReport> QueryFlowSeriesAsync(KlaviyoSeriesQuery query, CancellationToken cancellationToken);

    /// <summary>Metric aggregates (e.g. count and sum_value per day in the account timezone), all pages merged.</summary>
    Task<KlaviyoMetricAggregate> QueryMetricAggregatesAsync(KlaviyoAggregateQuery query, CancellationToken cancellationToken);

    /// <summary>Requests and 429s this client has seen so far.</summary>
    KlaviyoClientStatistics Statistics { get; }
}

/// <summary>Creates clients bound to one account each; all share one HTTP pipeline and one rate limiter.</summary>
public interface IKlaviyoClientFactory
{
    IKlaviyoClient Create(KlaviyoAccountContext account);
}
