using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Engine;

/// <summary>What one checkpoint adds to the status: the last day it covers and the totals of its days.</summary>
internal sealed record CheckpointTotals(DateOnly LastDay, int Days, long Orders, long Skipped, IReadOnlyDictionary<string, decimal> Revenue, long Deleted)
{
    /// <summary>Documents the chunk's bulk writer landed (known once it has drained; feeds the metrics).</summary>
    public long Documents { get; init; }
}

/// <summary>
/// Writes days through the bulk writer in chunks of several days, and records a checkpoint only once every write of
/// the chunk has landed. While one chunk drains, the next is already being written, so checkpoints never stall the
/// stream; checkpoints still land strictly in day order.
/// </summary>
internal sealed class CheckpointedDayWriter(
    IDocumentStore store,
    ClientId client,
    TimeProvider timeProvider,
    int chunkWrites,
    TimeSpan chunkInterval,
    Func<CheckpointTotals, CancellationToken, Task> checkpoint,
    CancellationToken cancellationToken) : IAsyncDisposable
{
    private IBulkWriter _writer = store.CreateBulkWriter();
    private Task _previous = Task.CompletedTask;
    private int _writes;
    private int _days;
    private long _orders;
    private long _skipped;
    private long _deleted;
    private Dictionary<string, decimal> _revenue = new(StringComparer.Ordinal);
    private DateOnly? _lastDay;
    private long _chunkStarted = timeProvider.GetTimestamp();

    public async Task WriteDayAsync(DayContent day)
    {
        var now = timeProvider.GetUtcNow();
        foreach (var write in day.Writes(client, now))
        {
            await _writer.AddAsync(write, cancellationToken);
            _writes++;
        }

        var rollup = day.Rollup;
        _days++;
        _orders += rollup.Orders;
        _skipped += rollup.SkippedEvents;
        _deleted += day.DeletedOrderIds.Count;
        foreach (var (currency, amount) in rollup.RevenueByCurrency)
        {
            _revenue[currency] = _revenue.GetValueOrDefault(currency) + amount;
        }

        _lastDay = day.Day;
        if (_writes >= chunkWrites || timeProvider.GetElapsedTime(_chunkStarted) >= chunkInterval)
        {
            await SealChunkAsync();
        }
    }

    /// <summary>Seals the last chunk and waits for every checkpoint.</summary>
    public async Task CompleteAsync()
    {
        await SealChunkAsync();
        await _previous;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _previous;
        }
        catch (Exception)
        {
            // Already surfaced to the run that failed; disposal only releases the writers.
        }

        await _writer.DisposeAsync();
    }

    private async Task SealChunkAsync()
    {
        if (_lastDay is not { } lastDay)
        {
            return;
        }

        var totals = new CheckpointTotals(lastDay, _days, _orders, _skipped, _revenue, _deleted);
        var writer = _writer;
        var previous = _previous;
        _writer = store.CreateBulkWriter();
        (_writes, _days, _orders, _skipped, _deleted, _revenue, _lastDay) = (0, 0, 0, 0, 0, new(StringComparer.Ordinal), null);
        _chunkStarted = timeProvider.GetTimestamp();

        // Surface a failed earlier chunk before piling more work on top of it.
        await previous;
        _previous = DrainAsync(writer, totals);
    }

    private async Task DrainAsync(IBulkWriter writer, CheckpointTotals totals)
    {
        BulkWriteSummary summary;
        await using (writer)
        {
            summary = await writer.CloseAsync(cancellationToken);
            if (!summary.AllSucceeded)
            {
                var first = summary.Failures[0];
                throw new BackfillException(
                    $"{summary.Failures.Count} writes failed for the days up to {DataLayout.FormatDate(totals.LastDay)}; "
                    + $"first: {first.Path}: {first.Error?.Message ?? "unknown error"}");
            }
        }

        await checkpoint(totals with { Documents = summary.Succeeded }, cancellationToken);
    }
}
