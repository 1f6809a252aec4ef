using System.Diagnostics.Metrics;
using Backfill.Services.Telemetry;

namespace Backfill.Web.Components.Manager;

/// <summary>
/// What the open manager pages cost the server: the board snapshots they handled and the time each took on its
/// circuit (the page's state update, the render of what changed and the diff sent to the browser, all synchronous on
/// the circuit's dispatcher). Wall-clock time, so on a busy machine it is an upper bound of the CPU. Exported with the
/// product's meter at <c>/metrics</c>: <c>backfill_manager_board_render_seconds_total</c> and
/// <c>backfill_manager_board_snapshots_total</c>; the manager benchmark reads them.
/// </summary>
public sealed class ManagerRenderMetrics
{
    private readonly Counter<double> _renderSeconds;
    private readonly Counter<long> _snapshots;

    public ManagerRenderMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(BackfillMetrics.MeterName);
        _renderSeconds = meter.CreateCounter<double>("backfill.manager.board.render", "s",
            "Seconds manager pages spent handling board snapshots (state, render, diff), summed over every open page.");
        _snapshots = meter.CreateCounter<long>("backfill.manager.board.snapshots", unit: null,
            "Board snapshots handled by manager pages, summed over every open page.");
    }

    public void SnapshotShown(TimeSpan elapsed)
    {
        _snapshots.Add(1);
        _renderSeconds.Add(elapsed.TotalSeconds);
    }
}
