using Backfill.Services.Storage;

namespace Backfill.Tests.Backfilling.Engine;

/// <summary>A real store that also counts the commits writing one status document (every call goes to the inner store).</summary>
internal sealed class StatusWriteCountingStore(IDocumentStore inner, DocumentPath status) : IDocumentStore
{
    private int _statusWrites;

    public int StatusWrites => Volatile.Read(ref _statusWrites);

    public StoreDescription Description => inner.Description;

    public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => inner.CheckHealthAsync(cancellationToken);

    public Task<Document?> GetAsync(DocumentPath path, CancellationToken cancellationToken = default) => inner.GetAsync(path, cancellationToken);

    public Task<IReadOnlyList<Document?>> GetAllAsync(IReadOnlyList<DocumentPath> paths, CancellationToken cancellationToken = default) =>
        inner.GetAllAsync(paths, cancellationToken);

    public async Task CommitAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default)
    {
        await inner.CommitAsync(writes, cancellationToken);
        if (writes.Any(w => w is SetWrite && w.Path == status))
        {
            Interlocked.Increment(ref _statusWrites);
        }
    }

    public async Task<IReadOnlyList<DateTimeOffset>> CommitWithTimesAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default)
    {
        var times = await inner.CommitWithTimesAsync(writes, cancellationToken);
        if (writes.Any(w => w is SetWrite && w.Path == status))
        {
            Interlocked.Increment(ref _statusWrites);
        }

        return times;
    }

    public Task<IReadOnlyList<WriteOutcome>> BatchWriteAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default) =>
        inner.BatchWriteAsync(writes, cancellationToken);

    public IBulkWriter CreateBulkWriter(BulkWriterOptions? options = null) => inner.CreateBulkWriter(options);

    public IAsyncEnumerable<Document> QueryAsync(Query query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public Task<AggregateResult> AggregateAsync(Query query, IReadOnlyList<Aggregation> aggregations, CancellationToken cancellationToken = default) =>
        inner.AggregateAsync(query, aggregations, cancellationToken);

    public Task<IReadOnlyList<string>> ListCollectionIdsAsync(DocumentPath? parent, CancellationToken cancellationToken = default) =>
        inner.ListCollectionIdsAsync(parent, cancellationToken);

    public Task<long> DeleteTreeAsync(DocumentPath path, CancellationToken cancellationToken = default) => inner.DeleteTreeAsync(path, cancellationToken);

    public Task<long> DeleteTreeAsync(CollectionPath path, CancellationToken cancellationToken = default) => inner.DeleteTreeAsync(path, cancellationToken);
}
