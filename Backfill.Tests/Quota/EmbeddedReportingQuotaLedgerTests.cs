using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Quota;

/// <summary>The ledger on the embedded SQLite store; each store instance is a new connection to the same file.</summary>
public sealed class EmbeddedReportingQuotaLedgerTests : ReportingQuotaLedgerContract, IAsyncLifetime
{
    private readonly string _directory = TestDirectory.NewPath("backfill-quota-");
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

        TestDirectory.Delete(_directory);
    }
}
