using System.Collections.Concurrent;
using Backfill.Services.Storage;

namespace Backfill.Tests.Backfilling;

/// <summary>
/// A real store that also records the path of every write made through it while <see cref="Recording"/> is on, bulk
/// writers included (every call goes to the inner store). The embedded store, like Firestore, keeps a document's update
/// time when a write leaves it unchanged, so only this shows whether a run rewrote what it did not change.
/// </summary>
internal sealed class WriteRecordingStore(IDocumentStore inner) : IDocumentStore
{
    private readonly ConcurrentQueue<DocumentPath> _written = new();

    public bool Recording { get; set; }

    public IReadOnlyCollection<DocumentPath> Written => _written;

    public StoreDescription Description => inner.Description;

    public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => inner.CheckHealthAsync(cancellationToken);

    public Task<Document?> GetAsync(DocumentPath path, CancellationToken cancellationToken = default) => inner.GetAsync(path, cancellationToken);

    public Task<IReadOnlyList<Document?>> GetAllAsync(IReadOnlyList<DocumentPath> paths, CancellationToken cancellationToken = default) =>
        inner.GetAllAsync(paths, cancellationToken);

    public Task CommitAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default)
    {
        Record(writes);
        return inner.CommitAsync(writes, cancellationToken);
    }

    public Task<IReadOnlyList<DateTimeOffset>> CommitWithTimesAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default)
    {
        Record(writes);
        return inner.CommitWithTimesAsync(writes, cancellationToken);
    }

    public Task<IReadOnlyList<WriteOutcome>> BatchWriteAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default)
    {
        Record(writes);
        return inner.BatchWriteAsync(writes, cancellationToken);
    }

    public IBulkWriter CreateBulkWriter(BulkWriterOptions? options = null) => new RecordingBulkWriter(this, inner.CreateBulkWriter(options));

    public IAsyncEnumerable<Document> QueryAsync(Query query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public Task<AggregateResult> AggregateAsync(Query query, IReadOnlyList<Aggregation> aggregations, CancellationToken cancellationToken = default) =>
        inner.AggregateAsync(query, aggregations, cancellationToken);

    public Task<IReadOnlyList<string>> ListCollectionIdsAsync(DocumentPath? parent, CancellationToken cancellationToken = default) =>
        inner.ListCollectionIdsAsync(parent, cancellationToken);

    public Task<long> DeleteTreeAsync(DocumentPath path, CancellationToken cancellationToken = default) => inner.DeleteTreeAsync(path, cancellationToken);

    public Task<long> DeleteTreeAsync(CollectionPath path, CancellationToken cancellationToken = default) => inner.DeleteTreeAsync(path, cancellationToken);

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
