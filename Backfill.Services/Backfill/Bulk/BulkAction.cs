namespace Backfill.Services.Backfill.Bulk;

/// <summary>What one bulk command does to each of its clients; each maps to the single-client command of the same name.</summary>
public enum BulkAction
{
    Start,
    Refresh,
    Cancel,
    Retry,
    Validate,

    /// <summary>Pauses the client's schedule; refused per client while no schedules feature is registered.</summary>
    PauseSchedule,
}
