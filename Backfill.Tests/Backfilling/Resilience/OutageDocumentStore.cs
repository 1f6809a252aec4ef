using Backfill.Services.Storage;

namespace Backfill.Tests.Backfilling.Resilience;

/// <summary>
/// A real store behind a switch: while <see cref="Down"/> (or for the next <see cref="FailReads"/> reads) every read and
/// health check answers UNAVAILABLE, as Firestore does during an outage; otherwise everything goes to the real store.
/// </summary>
internal sealed class OutageDocumentStore(IDocumentStore inner) : IDocumentStore
{
    private int _failReads;
    private int _failedReads;

    public volatile bool Down;

    public int FailReads
    {
        get => Volatile.Read(ref _failReads);
        set => Volatile.Write(ref _failReads, value);
    }

    /// <summary>Reads answered UNAVAILABLE so far.</summary>
    public int FailedReads => Volatile.Read(ref _failedReads);

    public StoreDescription Description => inner.Description;

    public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
        Down ? Task.FromResult(new StoreHealth(false, "UNAVAILABLE: the store is down", TimeSpan.Zero)) : inner.CheckHealthAsync(cancellationToken);

    public async Task<Document?> GetAsync(DocumentPath path, CancellationToken cancellationToken = default)
    {
        Read();
        return await inner.GetAsync(path, cancellationToken);
    }

    public async Task<IReadOnlyList<Document?>> GetAllAsync(IReadOnlyList<DocumentPath> paths, CancellationToken cancellationToken = default)
    {
        Read();
        return await inner.GetAllAsync(paths, cancellationToken);
    }

    public Task CommitAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default) => inner.CommitAsync(writes, cancellationToken);

    public Task<IReadOnlyList<DateTimeOffset>> CommitWithTimesAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default) =>
        inner.CommitWithTimesAsync(writes, cancellationToken);

    public Task<IReadOnlyList<WriteOutcome>> BatchWriteAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default) =>
        inner.BatchWriteAsync(writes, cancellationToken);

    public IBulkWriter CreateBulkWriter(BulkWriterOptions? options = null) => inner.CreateBulkWriter(options);

    public async IAsyncEnumerable<Document> QueryAsync(Query query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Read();
        await foreach (var document in inner.QueryAsync(query, cancellationToken))
        {
            yield return document;
        }
    }

    public Task<AggregateResult> AggregateAsync(Query query, IReadOnlyList<Aggregation> aggregations, CancellationToken cancellationToken = default)
    {
        Read();
        return inner.AggregateAsync(query, aggregations, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListCollectionIdsAsync(DocumentPath? parent, CancellationToken cancellationToken = default) =>
        inner.ListCollectionIdsAsync(parent, cancellationToken);

    public Task<long> DeleteTreeAsync(DocumentPath path, CancellationToken cancellationToken = default) => inner.DeleteTreeAsync(path, cancellationToken);

    public Task<long> DeleteTreeAsync(CollectionPath path, CancellationToken cancellationToken = default) => inner.DeleteTreeAsync(path, cancellationToken);

    private void Read()
    {
        if (Down || Interlocked.Decrement(ref _failReads) >= 0)
        {
            Interlocked.Increment(ref _failedReads);
            throw new StoreException(StoreErrorCode.Unavailable, "the store is down (test outage)");
        }
    }
}
