namespace Backfill.Services.Firestore;

/// <summary>
/// Firestore's 500/50/5 rule as a token bucket: start at 500 operations per second and raise the rate by 50%
/// every 5 minutes, up to a ceiling, so a new key range can split before it gets hot. The bucket holds one
/// second of budget; a request larger than that passes once the bucket is full.
/// </summary>
public sealed class RampUpRateLimiter
{
    private readonly TimeProvider _time;
    private readonly double _initialRate;
    private readonly double _factor;
    private readonly TimeSpan _step;
    private readonly double _maxRate;
    private readonly long _start;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _lastRefill;

    public RampUpRateLimiter(TimeProvider time, double initialRate = 500, double factor = 1.5, TimeSpan? step = null, double maxRate = 10_000)
    {
        _time = time;
        _initialRate = initialRate;
        _factor = factor;
        _step = step ?? TimeSpan.FromMinutes(5);
        _maxRate = maxRate;
        _start = time.GetTimestamp();
        _lastRefill = _start;
        _tokens = initialRate;
    }

    /// <summary>Operations per second allowed now.</summary>
    public double CurrentRate
    {
        get
        {
            var steps = Math.Floor(_time.GetElapsedTime(_start) / _step);
            return Math.Min(_maxRate, _initialRate * Math.Pow(_factor, steps));
        }
    }

    /// <summary>Waits until <paramref name="count"/> operations fit the current rate, then takes them.</summary>
    public async ValueTask AcquireAsync(int count, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var rate = CurrentRate;
                var now = _time.GetTimestamp();
                var capacity = Math.Max(rate, count);
                _tokens = Math.Min(capacity, _tokens + (_time.GetElapsedTime(_lastRefill, now).TotalSeconds * rate));
                _lastRefill = now;
                // A hair of tolerance: floating-point refills must not leave a waiter a billionth of a token short.
                if (_tokens >= count - 1e-6)
                {
                    _tokens -= count;
                    return;
                }

                wait = TimeSpan.FromSeconds(Math.Max(0.001, (count - _tokens) / rate));
            }

            await Task.Delay(wait, _time, cancellationToken);
        }
    }
}
