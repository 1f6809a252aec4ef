using Backfill.Services.Storage;

namespace Backfill.Services.Alerts;

/// <summary>
/// How features other than the coordinator's board raise alerts (validation, the reporting budget). Each call only
/// queues the signal and returns at once, so a run that signals is never delayed by the store or a channel.
/// </summary>
public interface IAlertSignals
{
    /// <summary>
    /// Validation compared a client's copy with Klaviyo: mismatched days open (or update) the incident; an empty list
    /// means every day matched and resolves it.
    /// </summary>
    void ValidationMismatch(ClientId clientId, IReadOnlyList<DateOnly> days);

    /// <summary>The client's reporting budget ran out until <paramref name="resumesAt"/>; the incident resolves itself then.</summary>
    void ReportingBudgetExhausted(ClientId clientId, DateTimeOffset resumesAt);
}
