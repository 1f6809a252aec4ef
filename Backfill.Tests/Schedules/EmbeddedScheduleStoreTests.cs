using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Schedules;

/// <summary>The schedule store contract on the embedded SQLite store.</summary>
public sealed class EmbeddedScheduleStoreTests : ScheduleStoreContract, IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("backfill-schedule-store-").FullName;
    private EmbeddedDocumentStore? _store;

    protected override IDocumentStore Store => _store ?? throw new InvalidOperationException("not initialised");

    public ValueTask InitializeAsync()
    {
        _store = new EmbeddedDocumentStore(Path.Combine(_directory, "store.db"));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        TestDirectory.Delete(_directory);
    }
}
