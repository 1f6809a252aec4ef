using Backfill.Services.Backfill;
using Backfill.Services.Storage;

namespace Backfill.Services.Alerts.Monitoring;

/// <summary>The monitor's rules: what a board and a tick change, and how changes are stored and sent.</summary>
internal sealed partial class AlertMonitor
{
    private async Task OnBoardAsync(BackfillBoard board, CancellationToken cancellationToken)
    {
        // Version 0 is the empty board before the coordinator has loaded its clients: it says nothing about them.
        if (board.Version == 0)
        {
            return;
        }

        _board = board;
        var now = _timeProvider.GetUtcNow();
        var changes = new List<IncidentChange>();
        var finished = new List<BackfillStatus>();
        foreach (var status in board.Statuses)
        {
            var previous = _seen.GetValueOrDefault(status.ClientId);
            _seen[status.ClientId] = status;
            changes.AddRange(Evaluate(status, now));

            // A completion seen happen, not one found on the first board after a start (that one was told before).
            if (previous is not null && status.State == BackfillState.Completed && (previous.State != BackfillState.Completed || previous.CompletedAt != status.CompletedAt))
            {
                finished.Add(status);
            }
        }

        foreach (var removed in _seen.Keys.Where(id => board.Find(id) is null).ToList())
        {
            _seen.Remove(removed);
            _progress.Forget(removed);
            changes.AddRange(Enum.GetValues<AlertKind>().Select(kind => _book.Clear(removed, kind, "the client was removed", now, quietly: true)).OfType<IncidentChange>());
        }

        await CommitAsync(changes, cancellationToken);
        foreach (var status in finished)
        {
            if (_options.NotifyCompleted)
            {
                _dispatcher.Enqueue(AlertText.ForIncident(CompletedNotice(status, now), AlertEvent.Notice, now));
            }

            // Its data just changed: the zero-orders check need not wait for tomorrow.
            await CheckZeroOrdersAsync([status], now, cancellationToken);
        }
    }

    private async Task OnTickAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();

        // Checks first, reminders last: an incident that clears now is resolved, not reminded of.
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (_board is { } board && now.UtcDateTime.TimeOfDay >= _options.ZeroOrdersCheckAt && _zeroOrdersCheckedOn != today)
        {
            _zeroOrdersCheckedOn = today;
            await CheckZeroOrdersAsync(board.Statuses, now, cancellationToken);
        }

        var changes = new List<IncidentChange>();
        foreach (var status in _board?.Statuses ?? [])
        {
            changes.AddRange(Evaluate(status, now));
        }

        foreach (var budget in _book.All.Where(i => i is { IsOpen: true, Kind: AlertKind.ReportingBudgetExhausted } && i.Until <= now))
        {
            changes.AddRange(Changes(_book.Clear(budget.ClientId, budget.Kind, "the reporting budget is available again", now, quietly: false)));
        }

        changes.AddRange(_book.Remind(now, _options.RenotifyAfter));
        await CommitAsync(changes, cancellationToken);
    }

    private List<IncidentChange> Evaluate(BackfillStatus status, DateTimeOffset now) =>
        StatusConditions.Evaluate(status, _progress.Stagnant(status, now), _options.StallAfter)
            .Select(condition => _book.Apply(status.ClientId, status.ClientName, condition, now))
            .OfType<IncidentChange>()
            .ToList();

    private async Task CheckZeroOrdersAsync(IReadOnlyList<BackfillStatus> statuses, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changes = new List<IncidentChange>();
        foreach (var status in statuses)
        {
            try
            {
                if (await _zeroOrders.EvaluateAsync(status, now, cancellationToken) is { } condition)
                {
                    changes.AddRange(Changes(_book.Apply(status.ClientId, status.ClientName, condition, now)));
                }
            }
            catch (StoreException e)
            {
                LogZeroOrdersFailed(e, status.ClientId.Value);
            }
        }

        await CommitAsync(changes, cancellationToken);
    }

    /// <summary>Stores the changed incidents, then queues their messages (a message is never sent for an incident a restart would forget, unless the store is down).</summary>
    private async Task CommitAsync(List<IncidentChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        try
        {
            // One write per document: the last change of an incident is its state.
            await _incidents.SaveAsync([.. changes.GroupBy(c => (c.Incident.ClientId, c.Incident.Kind)).Select(g => g.Last().Incident)], cancellationToken);
        }
        catch (StoreException e)
        {
            // Sent anyway: a lost alert is worse than one repeated after a restart.
            LogNotSaved(e, changes.Count);
        }

        var now = _timeProvider.GetUtcNow();
        foreach (var change in changes)
        {
            if (change.Event is { } @event)
            {
                LogIncident(change.Incident.Kind.ToWire(), change.Incident.ClientId.Value, @event.ToWire());
                _dispatcher.Enqueue(AlertText.ForIncident(change.Incident, @event, now));
            }
        }

        Publish();
    }

    private void Publish() =>
        _alertBoard.Publish([.. _book.All.OrderByDescending(i => i.IsOpen).ThenByDescending(i => i.OpenedAt).ThenBy(i => i.ClientId.Value, StringComparer.Ordinal)]);

    private static IEnumerable<IncidentChange> Changes(IncidentChange? change) => change is null ? [] : [change];

    private static AlertIncident CompletedNotice(BackfillStatus status, DateTimeOffset now) => new()
    {
        ClientId = status.ClientId,
        ClientName = status.ClientName,
        Kind = AlertKind.Completed,
        IsOpen = false,
        Summary = $"The {status.Parameters.Kind.ToWire().Replace('_', ' ')} run completed: {status.Orders} orders over {status.DaysCompleted} days"
            + (status.RangeStart is { } start && status.RangeEnd is { } end ? $" ({DataLayout.FormatDate(start)} to {DataLayout.FormatDate(end)})." : "."),
        OpenedAt = now,
        LastNotifiedAt = now,
    };
}
