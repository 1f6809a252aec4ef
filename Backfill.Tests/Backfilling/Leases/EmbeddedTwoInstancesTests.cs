using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;

namespace Backfill.Tests.Backfilling.Leases;

/// <summary>Two app processes on one embedded SQLite file.</summary>
public sealed class EmbeddedTwoInstancesTests : TwoInstancesContract
{
    private string DatabasePath => Path.Combine(Directory, "shared.db");

    protected override IReadOnlyDictionary<string, string> StoreEnvironment => new Dictionary<string, string>
    {
        ["Storage__Provider"] = "Embedded",
        ["Storage__Embedded__Path"] = DatabasePath,
    };

    protected override IDocumentStore OpenStore() => new EmbeddedDocumentStore(DatabasePath);
}
