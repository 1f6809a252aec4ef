using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.RateLimiting;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// Which outcomes are worth another attempt: the usual transient set (408, 429, 5xx, network errors, attempt
/// timeouts, bodies broken off mid-read) except a 429 whose Retry-After is beyond the configured ceiling — waiting that long in-process would
/// park the caller for hours, so it surfaces as <see cref="KlaviyoRateLimitedException"/> instead.
/// </summary>
internal static class KlaviyoRetryPredicate
{
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxRateLimitWait, DateTimeOffset now, bool callerCancelled)
    {
        if (callerCancelled || outcome.Exception is RateLimiterRejectedException)
        {
            return false;
        }

        if (outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } throttled
            && KlaviyoRateLimitHeaders.RetryAfter(throttled, now) > maxRateLimitWait)
        {
            return false;
        }

        // A body cut off mid-read (KlaviyoBodyReader sees HttpIOException, or the socket's IOException for a reset)
        // is as transient as a failed connect.
        return outcome.Exception is IOException || HttpClientResiliencePredicates.IsTransient(outcome);
    }
}
