using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;

namespace Backfill.Tests.Storage;

/// <summary>The store contract against the embedded SQLite store, on a fresh file per test class.</summary>
public sealed class EmbeddedStoreContractTests : DocumentStoreContract, IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "backfill-contract-" + Guid.NewGuid().ToString("N"));
    private EmbeddedDocumentStore? store;

    protected override IDocumentStore Store => store ?? throw new InvalidOperationException("not initialised");

    public ValueTask InitializeAsync()
    {
        store = new EmbeddedDocumentStore(Path.Combine(directory, "contract.db"));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }
}
