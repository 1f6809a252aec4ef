using Backfill.Services.Storage;

namespace Backfill.Tests.Web;

/// <summary>
/// A hand-written store double for the web shell's tests: it reports a fixed description and health and refuses
/// data operations. The real stores (embedded and Firestore emulator) are covered by the storage contract suites;
/// here only the HTTP and UI shape around IDocumentStore is under test.
/// </summary>
internal sealed class FixedHealthDocumentStore(StoreDescription description, StoreHealth health) : IDocumentStore
{
    public StoreDescription Description { get; } = description;

    public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => Task.FromResult(health);

    public Task<Document?> GetAsync(DocumentPath path, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<Document?>> GetAllAsync(IReadOnlyList<DocumentPath> paths, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task CommitAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<DateTimeOffset>> CommitWithTimesAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<WriteOutcome>> BatchWriteAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public IBulkWriter CreateBulkWriter(BulkWriterOptions? options = null) => throw new NotSupportedException();

    public IAsyncEnumerable<Document> QueryAsync(Query query, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<AggregateResult> AggregateAsync(Query query, IReadOnlyList<Aggregation> aggregations, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<string>> ListCollectionIdsAsync(DocumentPath? parent, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<long> DeleteTreeAsync(DocumentPath path, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<long> DeleteTreeAsync(CollectionPath path, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();
}
