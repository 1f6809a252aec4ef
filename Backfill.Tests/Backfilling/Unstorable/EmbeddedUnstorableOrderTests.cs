using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;

namespace Backfill.Tests.Backfilling.Unstorable;

/// <summary>Unstorable orders against the embedded store (a fresh SQLite file).</summary>
public sealed class EmbeddedUnstorableOrderTests : UnstorableOrderContract
{
    protected override Task<IDocumentStore> CreateStoreAsync() =>
        Task.FromResult<IDocumentStore>(new EmbeddedDocumentStore(Path.Combine(ScratchDirectory, Guid.NewGuid().ToString("N") + ".db")));
}
