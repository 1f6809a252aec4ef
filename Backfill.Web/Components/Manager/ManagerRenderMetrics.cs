using System.Diagnostics.Metrics;
using Backfill.Services.Telemetry;

namespace Backfill.Web.Components.Manager;

/// <summary>
/// What the open manager pages cost the server: the board snapshots they handled and the time each took on its
/// circuit (the page's state update, the render of what changed and the diff sent to the browser, all synchronous on
/// the circuit's dispatcher), as wall-clock time and as the CPU of the thread that did it (Linux; on a busy machine the
/// wall time is mostly waiting for a core). Exported with the product's meter at <c>/metrics</c>:
/// <c>backfill_manager_board_render_seconds_total</c>, <c>backfill_manager_board_render_cpu_seconds_total</c> and
/// <c>backfill_manager_board_snapshots_total</c>; the manager benchmark reads them.
/// </summary>
public sealed class ManagerRenderMetrics
{
    private readonly Counter<double> _renderSeconds;
    private readonly Counter<double> _renderCpuSeconds;
    private readonly Counter<long> _snapshots;

    public ManagerRenderMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(BackfillMetrics.MeterName);
        _renderSeconds = meter.CreateCounter<double>("backfill.manager.board.render", "s",
            "Seconds manager pages spent handling board snapshots (state, render, diff), summed over every open page.");
        _renderCpuSeconds = meter.CreateCounter<double>("backfill.manager.board.render.cpu", "s",
            "CPU seconds of the threads that handled those snapshots (Linux only).");
        _snapshots = meter.CreateCounter<long>("backfill.manager.board.snapshots", unit: null,
            "Board snapshots rendered by manager pages, summed over every open page (none while a page's browser is disconnected).");
    }

    /// <param name="cpu">The handling thread's CPU time, when the platform tells it.</param>
    public void SnapshotShown(TimeSpan elapsed, TimeSpan? cpu)
    {
        _snapshots.Add(1);
        _renderSeconds.Add(elapsed.TotalSeconds);
        if (cpu is { } spent)
        {
            _renderCpuSeconds.Add(spent.TotalSeconds);
        }
    }
}
