namespace Backfill.Services.Klaviyo.RateLimiting;

/// <summary>
/// The request schedule of one account's endpoint bucket. Callers reserve slots first-come first-served, so
/// concurrent callers queue behind each other instead of all waking at the same instant.
/// </summary>
internal sealed class BucketSchedule
{
    // Grants are spaced a little wider than Klaviyo's windows because the server counts arrival times, which
    // drift from our grant times by network jitter.
    private static readonly TimeSpan BurstWindow = TimeSpan.FromSeconds(1.1);
    private static readonly TimeSpan SteadyWindow = TimeSpan.FromSeconds(61);
    private static readonly TimeSpan DailyWindow = TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly SlidingWindowLog[] _windows;
    private DateTimeOffset _lastGrant = DateTimeOffset.MinValue;
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;

    public BucketSchedule(KlaviyoRateLimit limit)
    {
        _windows =
        [
            new SlidingWindowLog(limit.Burst, BurstWindow),
            new SlidingWindowLog(limit.Steady, SteadyWindow),
            new SlidingWindowLog(limit.Daily, DailyWindow),
        ];
    }

    /// <summary>
    /// Reserves the earliest free slot if it is at most <paramref name="maxWait"/> away. Returns the slot either
    /// way; <c>false</c> means nothing was reserved and the slot is when the caller could come back.
    /// </summary>
    public bool TryReserve(DateTimeOffset now, TimeSpan maxWait, out DateTimeOffset slot)
    {
        lock (_gate)
        {
            slot = Max(now, Max(_blockedUntil, _lastGrant));
            foreach (var window in _windows)
            {
                window.Prune(now);
                slot = window.EarliestSlot(slot);
            }

            if (slot - now > maxWait)
            {
                return false;
            }

            foreach (var window in _windows)
            {
                window.Record(slot);
            }

            _lastGrant = slot;
            return true;
        }
    }

    /// <summary>The server told us (429 Retry-After or RateLimit-Remaining 0) not to call before <paramref name="until"/>.</summary>
    public void BlockUntil(DateTimeOffset until)
    {
        lock (_gate)
        {
            _blockedUntil = Max(_blockedUntil, until);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
