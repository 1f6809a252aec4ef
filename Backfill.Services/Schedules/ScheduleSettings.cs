namespace Backfill.Services.Schedules;

/// <summary>The schedule every client without its own follows, and the global pause (with when it last changed).</summary>
public sealed record ScheduleSettings(ScheduleDefinition Default, bool Paused, DateTimeOffset PauseChangedAt, string? PauseChangedBy = null)
{
    public static ScheduleSettings BuiltIn { get; } = new(ScheduleDefinition.BuiltInDefault, false, DateTimeOffset.MinValue);
}
