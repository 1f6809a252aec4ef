using System.Threading.Channels;

namespace Backfill.Services.Storage.Embedded;

/// <summary>
/// Bulk writes into the embedded store: callers encode and size-check their writes (on their own threads),
/// a bounded channel applies back-pressure, and one pump commits up to <see cref="WritesPerTransaction"/>
/// writes per SQLite transaction. Writes are independent: a failing one is reported with its path and the
/// rest still land. Nothing is transient here, so nothing is retried.
/// </summary>
public sealed class EmbeddedBulkWriter : IBulkWriter
{
    /// <summary>
    /// SQLite's cost is per transaction (the WAL sync), not per request like Firestore's, so batches are
    /// larger than <see cref="BulkWriterOptions.MaxBatchSize"/> suggests for Firestore.
    /// </summary>
    public const int WritesPerTransaction = 1000;

    private readonly EmbeddedDocumentStore store;
    private readonly Channel<Item> channel;
    private readonly Task pump;
    private readonly List<WriteOutcome> failures = [];
    private readonly Lock gate = new();
    private long succeeded;
    private bool closed;

    internal EmbeddedBulkWriter(EmbeddedDocumentStore store, BulkWriterOptions options)
    {
        this.store = store;
        var perTransaction = Math.Max(WritesPerTransaction, options.MaxBatchSize);
        channel = Channel.CreateBounded<Item>(new BoundedChannelOptions(perTransaction * 4)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        pump = Task.Run(() => PumpAsync(perTransaction));
    }

    public async ValueTask AddAsync(Write write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        ObjectDisposedException.ThrowIf(closed, this);
        await channel.Writer.WriteAsync(new Item(EmbeddedDocumentStore.Prepare(write), null), cancellationToken);
    }

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await channel.Writer.WriteAsync(new Item(default, flushed), cancellationToken);
        await flushed.Task.WaitAsync(cancellationToken);
    }

    public async Task<BulkWriteSummary> CloseAsync(CancellationToken cancellationToken = default)
    {
        if (!closed)
        {
            await FlushAsync(cancellationToken);
            closed = true;
            channel.Writer.TryComplete();
        }

        await pump.WaitAsync(cancellationToken);
        lock (gate)
        {
            return new BulkWriteSummary(succeeded, failures.ToArray(), Retries: 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!closed)
        {
            await CloseAsync();
        }
    }

    private async Task PumpAsync(int perTransaction)
    {
        var batch = new List<PreparedOrFailed>(perTransaction);
        var flushes = new List<TaskCompletionSource>();
        var reader = channel.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < perTransaction && reader.TryRead(out var item))
            {
                if (item.Flushed is not null)
                {
                    // Everything added before the flush is in this batch or an earlier one.
                    flushes.Add(item.Flushed);
                    break;
                }

                batch.Add(item.Write);
            }

            if (batch.Count > 0)
            {
                await ApplyAsync(batch);
                batch.Clear();
            }

            foreach (var flushed in flushes)
            {
                flushed.TrySetResult();
            }

            flushes.Clear();
        }
    }

    private async Task ApplyAsync(List<PreparedOrFailed> batch)
    {
        IReadOnlyList<WriteOutcome> outcomes;
        try
        {
            outcomes = await store.ApplyIndependentlyAsync(batch, CancellationToken.None);
        }
#pragma warning disable CA1031 // A failed transaction fails its writes; the pump must keep serving flushes.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var error = e as StoreException ?? new StoreException(StoreErrorCode.Internal, e.Message, inner: e);
            outcomes = batch.Select(w => new WriteOutcome(w.Write.Path, new StoreException(error.Code, error.StoreMessage, w.Write.Path.Value, inner: e))).ToArray();
        }

        lock (gate)
        {
            foreach (var outcome in outcomes)
            {
                if (outcome.Succeeded)
                {
                    succeeded++;
                }
                else
                {
                    failures.Add(outcome);
                }
            }
        }
    }

    private readonly record struct Item(PreparedOrFailed Write, TaskCompletionSource? Flushed);
}
