namespace Backfill.Services.Backfill.Engine;

/// <summary>
/// A run's checkpoint writes of its status document, at most one per interval: Firestore sustains about one write a
/// second to one document, and a window of days draining at once would checkpoint many times a second. A checkpoint
/// that comes sooner is left to one trailing write when the interval has passed; that write saves the status as it is
/// then, which only ever names checkpoints whose data has landed. <see cref="FlushAsync"/> writes a pending one at once.
/// </summary>
internal sealed class StatusWriteCoalescer(IBackfillJobProgress job, TimeProvider timeProvider, TimeSpan interval, CancellationToken cancellationToken)
    : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private CancellationTokenSource? _trailingStop;
    private long? _lastWrite;
    private Task _trailing = Task.CompletedTask;
    private bool _pending;

    /// <summary>Writes the status now, or once the interval since the last write has passed.</summary>
    public async Task SaveAsync()
    {
        // A trailing write that failed fails the run here, as a direct write would have.
        if (_trailing.IsFaulted)
        {
            await _trailing;
        }

        lock (_gate)
        {
            if (_pending)
            {
                return;
            }

            var wait = _lastWrite is { } last ? interval - timeProvider.GetElapsedTime(last) : TimeSpan.Zero;
            if (wait > TimeSpan.Zero)
            {
                _pending = true;
                _trailingStop?.Dispose();
                _trailingStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                _trailing = WriteLaterAsync(wait, _trailingStop.Token);
                return;
            }

            _lastWrite = timeProvider.GetTimestamp();
        }

        await job.SaveAsync(cancellationToken);
    }

    /// <summary>Writes a pending checkpoint now (the run moves on to a phase that may take a while).</summary>
    public async Task FlushAsync()
    {
        bool pending;
        lock (_gate)
        {
            pending = _pending;
        }

        if (!pending)
        {
            await _trailing;
            return;
        }

        await _trailingStop!.CancelAsync();
        await Quietly(_trailing);
        lock (_gate)
        {
            _pending = false;
            _lastWrite = timeProvider.GetTimestamp();
        }

        await job.SaveAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // Whatever is still pending is written by the coordinator's final save of the run.
        if (_trailingStop is { } stop)
        {
            await stop.CancelAsync();
            await Quietly(_trailing);
            stop.Dispose();
        }
    }

    private async Task WriteLaterAsync(TimeSpan wait, CancellationToken stop)
    {
        await Task.Delay(wait, timeProvider, stop);
        lock (_gate)
        {
            _pending = false;
            _lastWrite = timeProvider.GetTimestamp();
        }

        await job.SaveAsync(stop);
    }

    private static Task Quietly(Task task) =>
        task.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
