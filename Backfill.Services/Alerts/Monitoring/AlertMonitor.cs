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
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Without the stored incidents every open one would be sent again: wait for the store instead. Any
                // failure waits (a store that cannot query, too): an exception here would stop the whole host.
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
