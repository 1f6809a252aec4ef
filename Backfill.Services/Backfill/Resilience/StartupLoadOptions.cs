using System.ComponentModel.DataAnnotations;

namespace Backfill.Services.Backfill.Resilience;

/// <summary>
/// How the coordinator retries loading clients and statuses at start (configuration section <c>Backfill:StartupLoad</c>).
/// It retries until it loads or the host stops; <c>/health/ready</c> answers 503 meanwhile.
/// </summary>
public sealed class StartupLoadOptions
{
    public const string SectionName = "Backfill:StartupLoad";

    /// <summary>Wait after the first failed load; doubled after each further one. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between two load attempts. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1 for the first).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(BaseDelay.Ticks * factor, MaxDelay.Ticks));
    }
}
