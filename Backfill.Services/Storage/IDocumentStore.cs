namespace Backfill.Services.Storage;

/// <summary>
/// The document store every product class reads and writes through, shaped like Firestore. Implemented by
/// the Firestore REST client and by the embedded SQLite store with the same semantics, proven by one
/// contract test suite. All failures are <see cref="StoreException"/>s.
/// </summary>
public interface IDocumentStore
{
    /// <summary>Which store this is and where, for /health and logs (never a credential).</summary>
    StoreDescription Description { get; }

    /// <summary>Whether the store answers right now; never throws.</summary>
    Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default);

    /// <summary>The document, or null when it does not exist.</summary>
    Task<Document?> GetAsync(DocumentPath path, CancellationToken cancellationToken = default);

    /// <summary>Several documents in one round trip, in the order asked; null for each missing one.</summary>
    Task<IReadOnlyList<Document?>> GetAllAsync(IReadOnlyList<DocumentPath> paths, CancellationToken cancellationToken = default);

    /// <summary>
    /// Like <see cref="GetAllAsync(IReadOnlyList{DocumentPath}, CancellationToken)"/>, with only <paramref name="fields"/>
    /// of each document (Firestore's read mask): e.g. a hash of each of a day's orders without their raw JSON. A store
    /// without a cheaper way reads the whole documents and projects them.
    /// </summary>
    async Task<IReadOnlyList<Document?>> GetAllAsync(
        IReadOnlyList<DocumentPath> paths, IReadOnlyList<FieldPath> fields, CancellationToken cancellationToken = default) =>
        [.. (await GetAllAsync(paths, cancellationToken)).Select(d => d is null ? null : FieldProjection.Project(d, fields))];

    /// <summary>Applies the writes atomically and in order: all or nothing.</summary>
    Task CommitAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Like <see cref="CommitAsync"/>, and returns each write's resulting update time, in order (the commit time for a
    /// delete; the previous update time for a write that left the document unchanged), so the next conditional write
    /// can name it in <see cref="Precondition.UpdatedAt"/> without reading the document again.
    /// </summary>
    Task<IReadOnlyList<DateTimeOffset>> CommitWithTimesAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default);

    /// <summary>Applies the writes independently (each document at most once), reporting each outcome in order.</summary>
    Task<IReadOnlyList<WriteOutcome>> BatchWriteAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default);

    /// <summary>A writer for large volumes: batches, parallel requests and retries of transient failures.</summary>
    IBulkWriter CreateBulkWriter(BulkWriterOptions? options = null);

    /// <summary>Streams every result of the query, paging through large result sets without holding them.</summary>
    IAsyncEnumerable<Document> QueryAsync(Query query, CancellationToken cancellationToken = default);

    /// <summary>Count, sum and average over a query's results (at most 5 aggregations).</summary>
    Task<AggregateResult> AggregateAsync(Query query, IReadOnlyList<Aggregation> aggregations, CancellationToken cancellationToken = default);

    /// <summary>The ids of the collections directly under a document (or the root), in id order.</summary>
    Task<IReadOnlyList<string>> ListCollectionIdsAsync(DocumentPath? parent, CancellationToken cancellationToken = default);

    /// <summary>Deletes the document and everything below it; returns how many documents were deleted.</summary>
    Task<long> DeleteTreeAsync(DocumentPath path, CancellationToken cancellationToken = default);

    /// <summary>Deletes every document of the collection and everything below them.</summary>
    Task<long> DeleteTreeAsync(CollectionPath path, CancellationToken cancellationToken = default);
}

/// <summary>A bulk writer: add writes as they come, then close to wait for all of them.</summary>
public interface IBulkWriter : IAsyncDisposable
{
    /// <summary>Queues a write; waits only when too many writes are already in flight (back-pressure).</summary>
    ValueTask AddAsync(Write write, CancellationToken cancellationToken = default);

    /// <summary>Waits until every write added so far has landed or finally failed.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>Flushes and returns the summary; no writes may be added afterwards.</summary>
    Task<BulkWriteSummary> CloseAsync(CancellationToken cancellationToken = default);
}

/// <summary>Tuning for a bulk writer. Defaults suit production Firestore; the emulator turns ramp-up off.</summary>
public sealed record BulkWriterOptions
{
    /// <summary>Most writes in one request.</summary>
    public int MaxBatchSize { get; init; } = 500;

    /// <summary>Most bytes in one request (10 MiB in production, 4 MiB in the emulator, minus headroom).</summary>
    public int? MaxBatchBytes { get; init; }

    /// <summary>Requests in flight at once.</summary>
    public int MaxConcurrentRequests { get; init; } = 4;

    /// <summary>Attempts per write before it is reported as failed.</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>Whether to follow Firestore's 500/50/5 ramp-up (500 ops/s, +50% every 5 minutes).</summary>
    public bool? RampUp { get; init; }
}

public sealed record StoreDescription(string Provider, string Target);

public sealed record StoreHealth(bool Healthy, string? Error, TimeSpan Latency);
