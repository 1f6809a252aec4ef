using System.ComponentModel.DataAnnotations;

namespace Backfill.Services.Schedules;

/// <summary>
/// Scheduled runs (configuration section <c>Schedules</c>). What runs when is kept in the store and edited through the
/// API or the manager; these settings only shape how the scheduler works.
/// </summary>
public sealed class ScheduleOptions
{
    public const string SectionName = "Schedules";

    /// <summary>Whether the scheduler starts runs at all in this process (the schedules are still shown and edited). Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Each client starts up to this many minutes after its schedule's time, by a stable hash of its id, so 500 clients
    /// on one schedule do not all call Klaviyo in the same second. 0 turns staggering off. Default 30.
    /// </summary>
    [Range(0, 720)]
    public int StaggerMinutes { get; set; } = 30;

    /// <summary>How often the scheduler looks for due runs. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The timezone a client's schedule is read in until its first run has read the account's own timezone from Klaviyo
    /// (IANA id). Default UTC.
    /// </summary>
    [Required]
    public string FallbackTimeZone { get; set; } = "UTC";

    /// <summary>
    /// How often the schedules, the default and the pause are read again from the store, so a change made on another
    /// instance sharing the store takes effect here (changes made here apply at once). Default 5 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromMinutes(5);
}
