using Microsoft.Extensions.Options;

namespace Backfill.KlaviyoSandbox;

internal readonly record struct SandboxRateLimit(int Burst, int Steady, int? Daily);

internal readonly record struct SandboxRateDecision(bool Allowed, int Limit, int Remaining, int ResetSeconds, int RetryAfterSeconds);

/// <summary>
/// Klaviyo's limiter: per account and endpoint, fixed (not sliding) burst, steady and daily windows aligned on the
/// clock; rejected requests do not count.
/// </summary>
internal sealed class SandboxRateLimiter(IOptions<SandboxOptions> options, TimeProvider timeProvider, SandboxFaults faults)
{
    private static readonly Dictionary<string, SandboxRateLimit> Defaults = new(StringComparer.Ordinal)
    {
        ["accounts"] = new(1, 15, null),
        ["campaigns"] = new(10, 150, null),
        ["flows"] = new(3, 60, null),
        ["metrics"] = new(10, 150, null),
        ["events"] = new(350, 3500, null),
        ["metric-aggregates"] = new(3, 60, null),
        ["campaign-values-reports"] = new(1, 2, 225),
        ["flow-values-reports"] = new(1, 2, 225),
        ["flow-series-reports"] = new(1, 2, 225),
    };

    private readonly Dictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public static bool IsReporting(string bucket) => bucket.EndsWith("-reports", StringComparison.Ordinal);

    public SandboxRateLimit LimitFor(string account, string bucket)
    {
        var limit = Defaults.TryGetValue(bucket, out var known) ? known : new SandboxRateLimit(10, 150, null);
        if (options.Value.RateLimits.TryGetValue(bucket, out var o))
        {
            limit = new SandboxRateLimit(o.Burst ?? limit.Burst, o.Steady ?? limit.Steady, o.Daily ?? limit.Daily);
        }
        var cap = faults.ReportingCap(account);
        if (cap is { } c && IsReporting(bucket))
        {
            limit = limit with { Daily = Math.Min(limit.Daily ?? int.MaxValue, c) };
        }
        return limit;
    }

    public SandboxRateDecision Acquire(string account, string bucket)
    {
        var o = options.Value;
        var limit = LimitFor(account, bucket);
        var now = timeProvider.GetUtcNow().UtcTicks;
        var burstWindow = o.BurstWindow.Ticks;
        var steadyWindow = o.SteadyWindow.Ticks;
        var dailyWindow = o.DailyWindow.Ticks;
        lock (_lock)
        {
            var key = account + "|" + bucket;
            if (!_counters.TryGetValue(key, out var counter))
            {
                counter = new Counter();
                _counters[key] = counter;
            }
            counter.Roll(now / burstWindow, now / steadyWindow, now / dailyWindow);
            var retryTicks = 0L;
            if (o.RateLimitsEnabled)
            {
                if (counter.Burst >= limit.Burst)
                {
                    retryTicks = Math.Max(retryTicks, UntilEnd(now, burstWindow));
                }
                if (counter.Steady >= limit.Steady)
                {
                    retryTicks = Math.Max(retryTicks, UntilEnd(now, steadyWindow));
                }
                if (limit.Daily is { } daily && counter.Daily >= daily)
                {
                    retryTicks = Math.Max(retryTicks, UntilEnd(now, dailyWindow));
                }
            }
            var reset = Seconds(UntilEnd(now, steadyWindow));
            if (retryTicks > 0)
            {
                return new SandboxRateDecision(false, limit.Steady, 0, reset, Seconds(retryTicks));
            }
            counter.Burst++;
            counter.Steady++;
            counter.Daily++;
            // With the limiter off, the headers must not announce an exhausted window either: clients honour them.
            var remaining = o.RateLimitsEnabled ? Math.Max(0, limit.Steady - counter.Steady) : limit.Steady;
            return new SandboxRateDecision(true, limit.Steady, remaining, reset, 0);
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _counters.Clear();
        }
    }

    private static long UntilEnd(long now, long window) => window - now % window;

    private static int Seconds(long ticks) => (int)Math.Max(1, (ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond);

    private sealed class Counter
    {
        private long _burstWindow = -1;
        private long _steadyWindow = -1;
        private long _dailyWindow = -1;

        public int Burst { get; set; }

        public int Steady { get; set; }

        public int Daily { get; set; }

        public void Roll(long burst, long steady, long daily)
        {
            if (burst != _burstWindow)
            {
                _burstWindow = burst;
                Burst = 0;
            }
            if (steady != _steadyWindow)
            {
                _steadyWindow = steady;
                Steady = 0;
            }
            if (daily != _dailyWindow)
            {
                _dailyWindow = daily;
                Daily = 0;
            }
        }
    }
}
