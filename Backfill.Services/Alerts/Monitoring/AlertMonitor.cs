using System.Threading.Channels;
using Backfill.Services.Backfill;
using Backfill.Services.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Alerts.Monitoring;

/// <summary>
/// Turns what happens into incidents: the coordinator's board (failed runs, refused keys, stalls, completions), a timer
/// (stalls, reminders, the budget's end, the daily zero-orders check) and <see cref="IAlertSignals"/>. Everything runs
/// on one loop, in order, so the rules never race; incidents are stored before their message is queued, and loaded
/// again on start, so a restart neither repeats nor forgets them. It reads its own latest-wins subscription and only
/// queues messages, so it can never slow a backfill.
/// </summary>
internal sealed partial class AlertMonitor : BackgroundService, IAlertSignals
{
    private readonly Channel<Func<CancellationToken, Task>> _work =
        Channel.CreateBounded<Func<CancellationToken, Task>>(new BoundedChannelOptions(1024) { SingleReader = true });

    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IncidentBook _book = new();
    private readonly ProgressWatch _progress = new();
    private readonly Dictionary<ClientId, BackfillStatus> _seen = [];
    private readonly IBackfillCoordinator _coordinator;
    private readonly AlertIncidentStore _incidents;
    private readonly ZeroOrdersCheck _zeroOrders;
    private readonly AlertDispatcher _dispatcher;
    private readonly AlertBoard _alertBoard;
    private readonly AlertOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AlertMonitor> _logger;
    private BackfillBoard? _board;
    private DateOnly? _zeroOrdersCheckedOn;
    private TaskCompletionSource _handled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _boardVersion;
    private long _ticks;

    public AlertMonitor(
        IBackfillCoordinator coordinator,
        AlertIncidentStore incidents,
        IDocumentStore store,
        AlertDispatcher dispatcher,
        AlertBoard alertBoard,
        IOptions<AlertOptions> options,
        TimeProvider timeProvider,
        ILogger<AlertMonitor> logger)
    {
        _coordinator = coordinator;
        _incidents = incidents;
        _zeroOrders = new ZeroOrdersCheck(store);
        _dispatcher = dispatcher;
        _alertBoard = alertBoard;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Completes once the stored incidents are loaded (tests wait on it).</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>The version of the last board handled (tests and diagnostics).</summary>
    internal long BoardVersion => Interlocked.Read(ref _boardVersion);

    /// <summary>Timer ticks handled so far (tests and diagnostics).</summary>
    internal long Ticks => Interlocked.Read(ref _ticks);

    /// <summary>Completes when the next update (board, tick or signal) has been handled: read it before checking a condition.</summary>
    internal Task NextHandled => Volatile.Read(ref _handled).Task;

    public void ValidationMismatch(ClientId clientId, IReadOnlyList<DateOnly> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        List<DateOnly> mismatched = [.. days.Distinct().Order()];
        var condition = mismatched.Count == 0
            ? AlertCondition.Clear(AlertKind.ValidationMismatch, "validation found every day equal to Klaviyo")
            : AlertCondition.Open(
                AlertKind.ValidationMismatch,
                $"Validation found {mismatched.Count} day{(mismatched.Count == 1 ? "" : "s")} that differ from Klaviyo.",
                "Days: " + string.Join(", ", mismatched.Take(31).Select(DataLayout.FormatDate)) + (mismatched.Count > 31 ? ", …" : ""));
        Post(clientId, condition);
    }

    public void ReportingBudgetExhausted(ClientId clientId, DateTimeOffset resumesAt) =>
        Post(clientId, AlertCondition.Open(
            AlertKind.ReportingBudgetExhausted,
            $"Klaviyo's reporting budget ran out; reports resume at {AlertText.Time(resumesAt)}.",
            "Runs wait for reports until then; nothing needs doing unless this repeats every day.",
            resumesAt));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await LoadAsync(stoppingToken))
        {
            return;
        }

        using var subscription = _coordinator.Subscribe();
        var watching = WatchAsync(subscription, stoppingToken);
        var ticking = TickAsync(stoppingToken);
        try
        {
            await foreach (var work in _work.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await work(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(e);
                }

                Interlocked.Exchange(ref _handled, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }

        await Task.WhenAll(watching, ticking);
    }

    private async Task<bool> LoadAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                _book.Load(await _incidents.ListAsync(stoppingToken));
                Publish();
                _loaded.TrySetResult();
                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            catch (StoreException e)
            {
                // Without the stored incidents every open one would be sent again: wait for the store instead.
                LogLoadFailed(e);
                try
                {
                    await Task.Delay(_options.CheckInterval, _timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }
    }

    // One board at a time: the next is read only when this one is handled, so boards in between are skipped, never queued.
    private async Task WatchAsync(IBackfillSubscription subscription, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var board in subscription.Updates.ReadAllAsync(stoppingToken))
            {
                await RunAsync(
                    async token =>
                    {
                        await OnBoardAsync(board, token);
                        Interlocked.Exchange(ref _boardVersion, board.Version);
                    },
                    stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.CheckInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunAsync(
                    async token =>
                    {
                        await OnTickAsync(token);
                        Interlocked.Increment(ref _ticks);
                    },
                    stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync(Func<CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _work.Writer.WriteAsync(
            async token =>
            {
                try
                {
                    await work(token);
                }
                finally
                {
                    done.TrySetResult();
                }
            },
            stoppingToken);
        await done.Task.WaitAsync(stoppingToken);
    }

    private void Post(ClientId clientId, AlertCondition condition)
    {
        var queued = _work.Writer.TryWrite(token =>
        {
            var name = _board?.Find(clientId)?.ClientName ?? _book.Find(clientId, condition.Kind)?.ClientName ?? clientId.Value;
            return CommitAsync([.. Changes(_book.Apply(clientId, name, condition, _timeProvider.GetUtcNow()))], token);
        });
        if (!queued)
        {
            LogSignalDropped(condition.Kind.ToWire(), clientId.Value);
        }
    }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {Kind} for {ClientId}: {Event}")]
    private partial void LogIncident(string kind, string clientId, string @event);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not load the stored alert incidents; retrying")]
    private partial void LogLoadFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store {Count} alert incident changes; their messages are sent anyway")]
    private partial void LogNotSaved(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The zero-orders check of {ClientId} could not read the daily rollups")]
    private partial void LogZeroOrdersFailed(Exception exception, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert signal {Kind} for {ClientId} dropped: the alert monitor is too far behind")]
    private partial void LogSignalDropped(string kind, string clientId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The alert monitor failed to handle an update")]
    private partial void LogFailed(Exception exception);
}
