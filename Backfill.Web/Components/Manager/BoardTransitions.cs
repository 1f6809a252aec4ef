using Backfill.Services.Backfill;
using Backfill.Services.Storage;

namespace Backfill.Web.Components.Manager;

/// <summary>
/// Remembers each client's last state and picks out the runs that just finished (completed or failed), so the page
/// announces a transition once, and never one that was already there when the page loaded.
/// </summary>
internal sealed class BoardTransitions
{
    private readonly Dictionary<ClientId, BackfillState> _last = [];

    public IReadOnlyList<BackfillStatus> JustFinished(BackfillBoard board)
    {
        ArgumentNullException.ThrowIfNull(board);
        var finished = new List<BackfillStatus>();
        foreach (var status in board.Statuses)
        {
            var known = _last.TryGetValue(status.ClientId, out var previous);
            _last[status.ClientId] = status.State;
            if (known && previous != status.State && status.State is BackfillState.Completed or BackfillState.Failed)
            {
                finished.Add(status);
            }
        }

        return finished;
    }
}
