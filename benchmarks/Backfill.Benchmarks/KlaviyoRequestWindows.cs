using System.Collections.Concurrent;

namespace Backfill.Benchmarks;

/// <summary>
/// Counts request arrivals per clock-aligned 1-second and 1-minute window, the way Klaviyo's limiter counts them,
/// so a run can show how its requests were spread and that no window went over the limit.
/// </summary>
internal sealed class KlaviyoRequestWindows(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<long, int> _perSecond = new();
    private readonly ConcurrentDictionary<long, int> _perMinute = new();

    public void Record()
    {
        var seconds = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        _perSecond.AddOrUpdate(seconds, 1, (_, n) => n + 1);
        _perMinute.AddOrUpdate(seconds / 60, 1, (_, n) => n + 1);
    }

    public void Reset()
    {
        _perSecond.Clear();
        _perMinute.Clear();
    }

    /// <summary>Busiest second, busiest minute and the number of seconds that saw any request.</summary>
    public (int MaxPerSecond, int MaxPerMinute, int Seconds) Snapshot() =>
        (_perSecond.Values.DefaultIfEmpty().Max(), _perMinute.Values.DefaultIfEmpty().Max(), _perSecond.Count);
}
