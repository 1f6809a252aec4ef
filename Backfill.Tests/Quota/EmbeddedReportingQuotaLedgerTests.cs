using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;

namespace Backfill.Tests.Quota;

/// <summary>The ledger on the embedded SQLite store; each store instance is a new connection to the same file.</summary>
public sealed class EmbeddedReportingQuotaLedgerTests : ReportingQuotaLedgerContract, IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "backfill-quota-" + Guid.NewGuid().ToString("N"));
    private readonly List<EmbeddedDocumentStore> _stores = [];

    protected override IDocumentStore OpenStore()
    {
        var store = new EmbeddedDocumentStore(Path.Combine(_directory, "store.db"));
        _stores.Add(store);
        return store;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
