using System.Net;
using Backfill.Services.Klaviyo.RateLimiting;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// Sits inside the retry loop so it sees every attempt: counts requests and 429s, and feeds the server's
/// throttling hints back into the proactive limiter.
/// </summary>
internal sealed class KlaviyoResponseObserver(KlaviyoRateLimiter limiter, TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var info = KlaviyoRequestInfo.Of(request);
        info?.Counters.CountRequest();
        var response = await base.SendAsync(request, cancellationToken);
        if (info is null)
        {
            return response;
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            info.Counters.CountThrottled();
            var retryAfter = KlaviyoRateLimitHeaders.RetryAfter(response, timeProvider.GetUtcNow()) ?? TimeSpan.FromSeconds(1);
            limiter.BlockFor(info.AccountPartition, info.Bucket, retryAfter);
        }
        else if (KlaviyoRateLimitHeaders.ExhaustedFor(response) is { } reset)
        {
            limiter.BlockFor(info.AccountPartition, info.Bucket, reset);
        }

        return response;
    }
}
