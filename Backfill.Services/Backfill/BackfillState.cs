namespace Backfill.Services.Backfill;

/// <summary>Where a client's backfill stands. <see cref="NotStarted"/> is never stored: it is the absence of a status.</summary>
public enum BackfillState
{
    NotStarted,
    Queued,
    InProgress,
    WaitingRateLimit,
    Completed,
    Failed,
    Cancelled,
}

public static class BackfillStates
{
    /// <summary>The snake_case name used in the status document and the API (<c>in_progress</c>, …).</summary>
    public static string ToWire(this BackfillState state) => state switch
    {
        BackfillState.NotStarted => "not_started",
        BackfillState.Queued => "queued",
        BackfillState.InProgress => "in_progress",
        BackfillState.WaitingRateLimit => "waiting_rate_limit",
        BackfillState.Completed => "completed",
        BackfillState.Failed => "failed",
        BackfillState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static BackfillState FromWire(string? value) => value switch
    {
        "queued" => BackfillState.Queued,
        "in_progress" => BackfillState.InProgress,
        "waiting_rate_limit" => BackfillState.WaitingRateLimit,
        "completed" => BackfillState.Completed,
        "failed" => BackfillState.Failed,
        "cancelled" => BackfillState.Cancelled,
        _ => BackfillState.NotStarted,
    };

    /// <summary>Queued, running or waiting out a rate limit: the client is busy.</summary>
    public static bool IsActive(this BackfillState state) =>
        state is BackfillState.Queued or BackfillState.InProgress or BackfillState.WaitingRateLimit;

    /// <summary>Start (a new run) makes sense.</summary>
    public static bool CanStart(this BackfillState state) => !state.IsActive();

    /// <summary>Retry continues a failed or cancelled run from its checkpoint.</summary>
    public static bool CanRetry(this BackfillState state) => state is BackfillState.Failed or BackfillState.Cancelled;

    public static bool CanCancel(this BackfillState state) => state.IsActive();

    public static bool CanClear(this BackfillState state) => !state.IsActive() && state != BackfillState.NotStarted;
}
