using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Klaviyo.RateLimiting;

/// <summary>
/// Proactive, process-wide throttle: one schedule per (API key, endpoint bucket), so every client for the same
/// account shares Klaviyo's quota and we wait our turn instead of provoking 429s.
/// </summary>
public sealed class KlaviyoRateLimiter(TimeProvider timeProvider, IOptions<KlaviyoOptions> options)
{
    private readonly ConcurrentDictionary<(string Account, string Bucket), BucketSchedule> _schedules = new();

    /// <summary>
    /// Waits for a slot and returns an acquired lease, or returns a rejected lease carrying the retry-after
    /// when the wait would exceed <see cref="KlaviyoOptions.MaxRateLimitWait"/>.
    /// </summary>
    public async ValueTask<RateLimitLease> AcquireAsync(string accountPartition, string bucket, CancellationToken cancellationToken)
    {
        var schedule = Schedule(accountPartition, bucket);
        var now = timeProvider.GetUtcNow();
        if (!schedule.TryReserve(now, options.Value.MaxRateLimitWait, out var slot))
        {
            return KlaviyoLease.Rejected(slot - now);
        }

        var wait = slot - now;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, timeProvider, cancellationToken);
        }

        return KlaviyoLease.Acquired;
    }

    /// <summary>Applies the server's view: a 429's Retry-After, or RateLimit-Remaining 0 with RateLimit-Reset.</summary>
    public void BlockFor(string accountPartition, string bucket, TimeSpan delay)
    {
        if (delay > TimeSpan.Zero)
        {
            Schedule(accountPartition, bucket).BlockUntil(timeProvider.GetUtcNow() + delay);
        }
    }

    private BucketSchedule Schedule(string accountPartition, string bucket) =>
        _schedules.GetOrAdd((accountPartition, bucket), key => new BucketSchedule(KlaviyoBuckets.Resolve(key.Bucket, options.Value)));

    private sealed class KlaviyoLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly KlaviyoLease Acquired = new(true, null);

        public static KlaviyoLease Rejected(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool IsAcquired { get; } = acquired;

        public override IEnumerable<string> MetadataNames =>
            retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is not null && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = retryAfter.Value;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
