using System.ComponentModel.DataAnnotations;

namespace Backfill.Services.Backfill.Resilience;

/// <summary>Automatic retries of a run that failed transiently (configuration section <c>Backfill:AutoRetry</c>).</summary>
public sealed class AutoRetryOptions
{
    public const string SectionName = "Backfill:AutoRetry";

    /// <summary>
    /// Attempts in a row, the first included, before a run that keeps failing transiently (Klaviyo 5xx or timeouts, a
    /// network error, a store that is unavailable) ends <c>failed</c>. A refused key (401/403) fails at once. Default 3;
    /// 1 turns automatic retries off.
    /// </summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before the first automatic retry; doubled for each further one. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between two automatic retries. Default 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The wait before automatic retry number <paramref name="retry"/> (1 for the first).</summary>
    public TimeSpan DelayBefore(int retry)
    {
        var factor = Math.Pow(2, Math.Clamp(retry - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(BaseDelay.Ticks * factor, MaxDelay.Ticks));
    }
}
