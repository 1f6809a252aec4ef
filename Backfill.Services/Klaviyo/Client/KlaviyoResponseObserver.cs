using System.Net;
using Backfill.Services.Klaviyo.RateLimiting;
using Backfill.Services.Telemetry;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// Sits inside the retry loop so it sees every attempt: counts requests and 429s, and feeds the server's
/// throttling hints back into the proactive limiter. Records the same facts as metrics.
/// </summary>
internal sealed class KlaviyoResponseObserver(KlaviyoRateLimiter limiter, TimeProvider timeProvider, BackfillMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var info = KlaviyoRequestInfo.Of(request);
        info?.Counters.CountRequest();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch when (info is not null)
        {
            metrics.KlaviyoRequest(info.Bucket, status: null);
            throw;
        }

        if (info is null)
        {
            return response;
        }

        metrics.KlaviyoRequest(info.Bucket, (int)response.StatusCode);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            info.Counters.CountThrottled();
            var retryAfter = KlaviyoRateLimitHeaders.RetryAfter(response, timeProvider.GetUtcNow()) ?? TimeSpan.FromSeconds(1);
            metrics.KlaviyoThrottled(info.Bucket, retryAfter);
            limiter.BlockFor(info.AccountPartition, info.Bucket, retryAfter);
        }
        else if (KlaviyoRateLimitHeaders.ExhaustedFor(response) is { } reset)
        {
            limiter.BlockFor(info.AccountPartition, info.Bucket, reset);
        }

        return response;
    }
}
