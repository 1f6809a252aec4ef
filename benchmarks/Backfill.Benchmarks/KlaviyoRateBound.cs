namespace Backfill.Benchmarks;

/// <summary>
/// The fastest any client could make N requests to one Klaviyo endpoint bucket. Klaviyo counts in fixed windows
/// aligned on the clock (burst: 1 s, steady: 1 min), so at best the first request opens a window and request n
/// (0-based) may start no earlier than window n / burst of the burst windows and window n / steady of the steady
/// ones. The bound is the start of the last request; the time to answer it is latency, not rate limit.
/// </summary>
internal static class KlaviyoRateBound
{
    public static readonly TimeSpan BurstWindow = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan SteadyWindow = TimeSpan.FromMinutes(1);

    /// <summary>Seconds from the first to the last of <paramref name="requests"/> requests under fixed windows.</summary>
    public static double MinimumSeconds(long requests, int burst, int steady)
    {
        if (requests <= 1)
        {
            return 0;
        }

        var last = requests - 1;
        var byBurst = burst > 0 ? last / burst * BurstWindow.TotalSeconds : 0;
        var bySteady = steady > 0 ? last / steady * SteadyWindow.TotalSeconds : 0;
        return Math.Max(byBurst, bySteady);
    }

    /// <summary>Seconds at the steady rate alone (what a long pull converges to once the burst allowance is spent).</summary>
    public static double SteadyRateSeconds(long requests, int steady) =>
        steady > 0 ? requests * SteadyWindow.TotalSeconds / steady : 0;
}
