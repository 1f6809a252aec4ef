using Backfill.Services.Storage;

namespace Backfill.Tests.Infrastructure;

/// <summary>A real store with every call passed on: test stores derive from it and override only what they observe.</summary>
internal abstract class DelegatingDocumentStore(IDocumentStore inner) : IDocumentStore
{
    public virtual StoreDescription Description => inner.Description;

    public virtual Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => inner.CheckHealthAsync(cancellationToken);

    public virtual Task<Document?> GetAsync(DocumentPath path, CancellationToken cancellationToken = default) => inner.GetAsync(path, cancellationToken);

    public virtual Task<IReadOnlyList<Document?>> GetAllAsync(IReadOnlyList<DocumentPath> paths, CancellationToken cancellationToken = default) =>
        inner.GetAllAsync(paths, cancellationToken);

    public virtual Task CommitAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default) => inner.CommitAsync(writes, cancellationToken);

    public virtual Task<IReadOnlyList<DateTimeOffset>> CommitWithTimesAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default) =>
        inner.CommitWithTimesAsync(writes, cancellationToken);

    public virtual Task<IReadOnlyList<WriteOutcome>> BatchWriteAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default) =>
        inner.BatchWriteAsync(writes, cancellationToken);

    public virtual IBulkWriter CreateBulkWriter(BulkWriterOptions? options = null) => inner.CreateBulkWriter(options);

    public virtual IAsyncEnumerable<Document> QueryAsync(Query query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public virtual Task<AggregateResult> AggregateAsync(Query query, IReadOnlyList<Aggregation> aggregations, CancellationToken cancellationToken = default) =>
        inner.AggregateAsync(query, aggregations, cancellationToken);

    public virtual Task<IReadOnlyList<string>> ListCollectionIdsAsync(DocumentPath? parent, CancellationToken cancellationToken = default) =>
        inner.ListCollectionIdsAsync(parent, cancellationToken);

    public virtual Task<long> DeleteTreeAsync(DocumentPath path, CancellationToken cancellationToken = default) => inner.DeleteTreeAsync(path, cancellationToken);

    public virtual Task<long> DeleteTreeAsync(CollectionPath path, CancellationToken cancellationToken = default) => inner.DeleteTreeAsync(path, cancellationToken);
}
