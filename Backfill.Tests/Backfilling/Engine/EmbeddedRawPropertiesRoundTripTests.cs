using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Backfilling.Engine;

/// <summary>The raw-properties round trip against the embedded store (a fresh SQLite file).</summary>
public sealed class EmbeddedRawPropertiesRoundTripTests : RawPropertiesRoundTripContract, IDisposable
{
    private readonly string directory = TestDirectory.NewPath("backfill-raw-");
    private readonly EmbeddedDocumentStore store;

    public EmbeddedRawPropertiesRoundTripTests() => store = new EmbeddedDocumentStore(Path.Combine(directory, "store.db"));

    protected override IDocumentStore Store => store;

    public void Dispose()
    {
        store.Dispose();
        TestDirectory.Delete(directory);
    }
}
