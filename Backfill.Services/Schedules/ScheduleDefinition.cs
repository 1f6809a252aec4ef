namespace Backfill.Services.Schedules;

/// <summary>
/// A schedule: when (a 5-field cron expression read in the account's timezone), what (<see cref="Kind"/>) and whether it is
/// on. <see cref="UpdatedAt"/> matters to the scheduler: times before a change (or a re-enable) are never caught up.
/// </summary>
public sealed record ScheduleDefinition(string Cron, ScheduleKind Kind, bool Enabled, DateTimeOffset UpdatedAt, string? UpdatedBy = null)
{
    public const string DefaultCron = "0 3 * * *";

    /// <summary>Refresh daily at 03:00 local, on: what every client follows until it is given its own schedule.</summary>
    public static ScheduleDefinition BuiltInDefault { get; } = new(DefaultCron, ScheduleKind.Refresh, true, DateTimeOffset.MinValue);
}
