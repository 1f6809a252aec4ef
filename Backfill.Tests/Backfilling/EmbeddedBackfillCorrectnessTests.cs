using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;

namespace Backfill.Tests.Backfilling;

/// <summary>The backfill correctness checks against the embedded store (a fresh SQLite file per store).</summary>
public sealed class EmbeddedBackfillCorrectnessTests : BackfillCorrectnessContract, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "backfill-engine-" + Guid.NewGuid().ToString("N"));

    protected override Task<IDocumentStore> CreateStoreAsync() =>
        Task.FromResult<IDocumentStore>(new EmbeddedDocumentStore(Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db")));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
