using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;

namespace Backfill.Tests.Backfilling.Breakdowns;

/// <summary>The breakdown checks against the embedded store (a fresh SQLite file per store).</summary>
public sealed class EmbeddedDayBreakdownTests : DayBreakdownContract
{
    protected override Task<IDocumentStore> CreateStoreAsync() =>
        Task.FromResult<IDocumentStore>(new EmbeddedDocumentStore(Path.Combine(ScratchDirectory, Guid.NewGuid().ToString("N") + ".db")));
}
