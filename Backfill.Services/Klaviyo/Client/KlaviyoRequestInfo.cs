namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// What the pipeline needs to know about a request besides the URL: whose quota it spends, which endpoint
/// bucket, and which client's counters to bump. Travels in <see cref="HttpRequestMessage.Options"/>.
/// </summary>
internal sealed record KlaviyoRequestInfo(string AccountPartition, string Bucket, KlaviyoRequestCounters Counters)
{
    public static readonly HttpRequestOptionsKey<KlaviyoRequestInfo> Key = new("Backfill.Klaviyo.RequestInfo");

    public static KlaviyoRequestInfo? Of(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(Key, out var info) ? info : null;
}

/// <summary>Per-client tallies of HTTP attempts (including retries) and 429 responses.</summary>
internal sealed class KlaviyoRequestCounters
{
    private long _requests;
    private long _throttled;

    public void CountRequest() => Interlocked.Increment(ref _requests);

    public void CountThrottled() => Interlocked.Increment(ref _throttled);

    public KlaviyoClientStatistics Snapshot() => new(Interlocked.Read(ref _requests), Interlocked.Read(ref _throttled));
}
