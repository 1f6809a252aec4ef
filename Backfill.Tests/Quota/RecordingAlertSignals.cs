using System.Collections.Concurrent;
using Backfill.Services.Alerts;
using Backfill.Services.Storage;

namespace Backfill.Tests.Quota;

/// <summary>Keeps the budget signals it is given (the alert monitor's own handling is tested in Alerts/).</summary>
internal sealed class RecordingAlertSignals : IAlertSignals
{
    public ConcurrentQueue<(ClientId Client, DateTimeOffset ResumesAt)> BudgetExhausted { get; } = new();

    public void ValidationMismatch(ClientId clientId, IReadOnlyList<DateOnly> days)
    {
    }

    public void ReportingBudgetExhausted(ClientId clientId, DateTimeOffset resumesAt) => BudgetExhausted.Enqueue((clientId, resumesAt));
}
