namespace Backfill.Services.Backfill.Engine;

/// <summary>
/// A run's checkpoint writes of its status document, at most one per interval: Firestore sustains about one write a
/// second to one document, and a window of days draining at once would checkpoint many times a second. A checkpoint
/// that comes sooner is not written; the next one after the interval writes the status as it is then (which only ever
/// names checkpoints whose data has landed), and <see cref="FlushAsync"/> writes a skipped one at the end of the days.
/// No write happens in the background, so status writes never run beside the day writer's own.
/// </summary>
internal sealed class StatusWriteCoalescer(IBackfillJobProgress job, TimeProvider timeProvider, TimeSpan interval, CancellationToken cancellationToken)
{
    private long? _lastWrite;
    private bool _skipped;

    /// <summary>Writes the status now, unless the last write was less than the interval ago.</summary>
    public async Task SaveAsync()
    {
        if (_lastWrite is { } last && timeProvider.GetElapsedTime(last) < interval)
        {
            _skipped = true;
            return;
        }

        await WriteAsync();
    }

    /// <summary>Writes a checkpoint that was skipped (the run moves on to a phase that may take a while).</summary>
    public async Task FlushAsync()
    {
        if (_skipped)
        {
            await WriteAsync();
        }
    }

    private async Task WriteAsync()
    {
        _lastWrite = timeProvider.GetTimestamp();
        _skipped = false;
        await job.SaveAsync(cancellationToken);
    }
}
