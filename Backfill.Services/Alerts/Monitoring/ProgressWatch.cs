using Backfill.Services.Backfill;
using Backfill.Services.Storage;

namespace Backfill.Services.Alerts.Monitoring;

/// <summary>
/// When each running client last made progress (a new checkpoint, a new day, a new attempt), as this process saw it. A
/// restart starts the clock again, so a stall is reported at most <see cref="AlertOptions.StallAfter"/> late, never early.
/// </summary>
internal sealed class ProgressWatch
{
    private readonly Dictionary<ClientId, (Marker Marker, DateTimeOffset Since)> _marks = [];

    /// <summary>How long <paramref name="status"/> has been in progress without progress; null when not in progress.</summary>
    public TimeSpan? Stagnant(BackfillStatus status, DateTimeOffset now)
    {
        if (status.State != BackfillState.InProgress)
        {
            _marks.Remove(status.ClientId);
            return null;
        }

        var marker = new Marker(status.RunId, status.Attempts, status.LastCompletedDate, status.DaysCompleted);
        if (!_marks.TryGetValue(status.ClientId, out var mark) || mark.Marker != marker)
        {
            _marks[status.ClientId] = (marker, now);
            return TimeSpan.Zero;
        }

        return now - mark.Since;
    }

    public void Forget(ClientId clientId) => _marks.Remove(clientId);

    private readonly record struct Marker(string? RunId, int Attempts, DateOnly? Checkpoint, int DaysCompleted);
}
