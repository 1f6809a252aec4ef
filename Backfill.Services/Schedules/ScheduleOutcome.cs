namespace Backfill.Services.Schedules;

/// <summary>What the scheduler did at a client's last due time.</summary>
public enum ScheduleOutcome
{
    /// <summary>The run was handed to the coordinator and accepted.</summary>
    Started,

    /// <summary>Nothing was started, for the recorded reason (the client was busy, or the coordinator refused).</summary>
    Skipped,

    /// <summary>Starting the run threw (the store or the coordinator was unavailable).</summary>
    Failed,
}

public static class ScheduleOutcomes
{
    public static string ToWire(this ScheduleOutcome outcome) => outcome switch
    {
        ScheduleOutcome.Started => "started",
        ScheduleOutcome.Skipped => "skipped",
        ScheduleOutcome.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static ScheduleOutcome? FromWire(string? value) => value switch
    {
        "started" => ScheduleOutcome.Started,
        "skipped" => ScheduleOutcome.Skipped,
        "failed" => ScheduleOutcome.Failed,
        _ => null,
    };
}
