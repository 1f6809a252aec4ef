using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Services.Storage;

// TEMPORARY: a placeholder so the web shell compiles and runs before the real stores are merged.
// The integrator replaces this whole file with the registration of the embedded and Firestore stores.
public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the <see cref="IDocumentStore"/> chosen by configuration.</summary>
    public static IServiceCollection AddDocumentStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IDocumentStore, UnconfiguredDocumentStore>();
        return services;
    }

    // TEMPORARY: reports itself unhealthy and refuses every data operation.
    private sealed class UnconfiguredDocumentStore : IDocumentStore
    {
        public StoreDescription Description { get; } = new("Unconfigured", "none");

        public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new StoreHealth(false, "no store wired yet", TimeSpan.Zero));

        public Task<Document?> GetAsync(DocumentPath path, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException();

        public Task<IReadOnlyList<Document?>> GetAllAsync(IReadOnlyList<DocumentPath> paths, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException();

        public Task CommitAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException();

        public Task<IReadOnlyList<WriteOutcome>> BatchWriteAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException();

        public IBulkWriter CreateBulkWriter(BulkWriterOptions? options = null) =>
            throw new NotImplementedException();

        public IAsyncEnumerable<Document> QueryAsync(Query query, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException();

        public Task<AggregateResult> AggregateAsync(Query query, IReadOnlyList<Aggregation> aggregations, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException();

        public Task<IReadOnlyList<string>> ListCollectionIdsAsync(DocumentPath? parent, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException();

        public Task<long> DeleteTreeAsync(DocumentPath path, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException();

        public Task<long> DeleteTreeAsync(CollectionPath path, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException();
    }
}
