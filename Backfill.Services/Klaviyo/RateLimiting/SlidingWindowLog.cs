namespace Backfill.Services.Klaviyo.RateLimiting;

/// <summary>
/// The grant times inside one window. A sliding log is stricter than Klaviyo's fixed windows: if no interval of
/// length <c>window</c> holds more than <c>limit</c> grants, no fixed window aligned anywhere can either.
/// </summary>
internal sealed class SlidingWindowLog(int limit, TimeSpan window)
{
    private readonly List<DateTimeOffset> _grants = [];

    public int Limit { get; } = limit;

    public TimeSpan Window { get; } = window;

    /// <summary>The earliest instant ≥ every earlier grant at which one more grant fits.</summary>
    public DateTimeOffset EarliestSlot(DateTimeOffset candidate)
    {
        if (Limit <= 0 || _grants.Count < Limit)
        {
            return candidate;
        }

        var blocking = _grants[_grants.Count - Limit] + Window;
        return blocking > candidate ? blocking : candidate;
    }

    public void Record(DateTimeOffset grant)
    {
        if (Limit > 0)
        {
            _grants.Add(grant);
        }
    }

    /// <summary>Forgets grants that can no longer affect any slot at or after <paramref name="now"/>.</summary>
    public void Prune(DateTimeOffset now)
    {
        var cutoff = now - Window;
        var stale = 0;
        while (stale < _grants.Count && _grants[stale] <= cutoff)
        {
            stale++;
        }

        if (stale > 0)
        {
            _grants.RemoveRange(0, stale);
        }
    }
}
