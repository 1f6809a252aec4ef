using System.Collections.Concurrent;
using Backfill.Services.Storage;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Backfilling;

/// <summary>
/// A real store that also records the path of every write made through it while <see cref="Recording"/> is on, bulk
/// writers included (every call goes to the inner store). The embedded store, like Firestore, keeps a document's update
/// time when a write leaves it unchanged, so only this shows whether a run rewrote what it did not change.
/// </summary>
internal sealed class WriteRecordingStore(IDocumentStore inner) : DelegatingDocumentStore(inner)
{
    private readonly ConcurrentQueue<DocumentPath> _written = new();

    public bool Recording { get; set; }

    public IReadOnlyCollection<DocumentPath> Written => _written;

    public override Task CommitAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default)
    {
        Record(writes);
        return base.CommitAsync(writes, cancellationToken);
    }

    public override Task<IReadOnlyList<DateTimeOffset>> CommitWithTimesAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default)
    {
        Record(writes);
        return base.CommitWithTimesAsync(writes, cancellationToken);
    }

    public override Task<IReadOnlyList<WriteOutcome>> BatchWriteAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default)
    {
        Record(writes);
        return base.BatchWriteAsync(writes, cancellationToken);
    }

    public override IBulkWriter CreateBulkWriter(BulkWriterOptions? options = null) => new RecordingBulkWriter(this, base.CreateBulkWriter(options));

    private void Record(IEnumerable<Write> writes)
    {
        if (Recording)
        {
            foreach (var write in writes)
            {
                _written.Enqueue(write.Path);
            }
        }
    }

    private sealed class RecordingBulkWriter(WriteRecordingStore store, IBulkWriter inner) : IBulkWriter
    {
        public ValueTask AddAsync(Write write, CancellationToken cancellationToken = default)
        {
            store.Record([write]);
            return inner.AddAsync(write, cancellationToken);
        }

        public Task FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public Task<BulkWriteSummary> CloseAsync(CancellationToken cancellationToken = default) => inner.CloseAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
