using System.Diagnostics.Metrics;
using Backfill.Services.Backfill;
using Microsoft.Extensions.Hosting;

namespace Backfill.Services.Telemetry;

/// <summary>
/// Derives run metrics from the coordinator's board, like any other subscriber, so the coordinator needs no metrics
/// code: a run that reaches a final state counts once with its duration; on every scrape the board gives how many
/// days each client's orders are behind yesterday, and the optional <see cref="IReportingBudgetSource"/> the budget.
/// </summary>
internal sealed class BackfillMetricsRecorder : BackgroundService
{
    private readonly IBackfillCoordinator _coordinator;
    private readonly BackfillMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<string, (string? RunId, BackfillState State)> _seen = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _startedAt;

    public BackfillMetricsRecorder(
        IBackfillCoordinator coordinator, BackfillMetrics metrics, TimeProvider timeProvider, IEnumerable<IReportingBudgetSource> budgets)
    {
        _coordinator = coordinator;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _startedAt = timeProvider.GetUtcNow();
        var sources = budgets.ToArray();
        metrics.Meter.CreateObservableGauge("backfill.days_behind", ObserveDaysBehind, unit: null,
            "Days between yesterday (in the client's timezone) and the last day its orders cover, by client.");
        metrics.Meter.CreateObservableGauge("backfill.reporting.budget.used", () => ObserveBudget(sources), unit: null,
            "Requests spent today of Klaviyo's daily reporting quota, by client and endpoint.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = _coordinator.Subscribe();
        try
        {
            await foreach (var board in subscription.Updates.ReadAllAsync(stoppingToken))
            {
                foreach (var status in board.Statuses)
                {
                    Observe(status);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Observe(BackfillStatus status)
    {
        var client = status.ClientId.Value;
        var now = (status.RunId, status.State);
        var known = _seen.TryGetValue(client, out var before);
        _seen[client] = now;
        if ((known && before == now) || !IsFinal(status.State))
        {
            return;
        }

        // A run that ended before this process started was counted by the process it ran in. A board can skip states
        // (latest wins), so a run is counted even when its end is the first state seen of it.
        var end = status.CompletedAt ?? status.ErrorAt ?? status.UpdatedAt;
        if (end is not { } stop || stop < _startedAt)
        {
            return;
        }

        _metrics.RunEnded(client, Outcome(status.State), status.StartedAt is { } start ? stop - start : null);
    }

    private IEnumerable<Measurement<int>> ObserveDaysBehind()
    {
        var now = _timeProvider.GetUtcNow();
        foreach (var status in _coordinator.Board.Statuses)
        {
            if (status.Coverage.Orders.Last is not { } last)
            {
                continue;
            }

            var yesterday = DateOnly.FromDateTime(LocalNow(now, status.TimeZone).DateTime).AddDays(-1);
            yield return new(Math.Max(0, yesterday.DayNumber - last.DayNumber), new KeyValuePair<string, object?>("client_id", status.ClientId.Value));
        }
    }

    private static IEnumerable<Measurement<long>> ObserveBudget(IReadOnlyList<IReportingBudgetSource> sources) =>
        sources.SelectMany(source => source.Read()).Select(reading => new Measurement<long>(reading.Used,
            new KeyValuePair<string, object?>("client_id", reading.ClientId), new KeyValuePair<string, object?>("endpoint", reading.Endpoint)));

    private static DateTimeOffset LocalNow(DateTimeOffset now, string? timeZone)
    {
        if (timeZone is null || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone))
        {
            return now;
        }

        return TimeZoneInfo.ConvertTime(now, zone);
    }

    private static bool IsFinal(BackfillState state) => state is BackfillState.Completed or BackfillState.Failed or BackfillState.Cancelled;

    private static string Outcome(BackfillState state) => state switch
    {
        BackfillState.Completed => "completed",
        BackfillState.Failed => "failed",
        _ => "cancelled",
    };
}
