using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;

namespace Backfill.Tests.Storage.Conditional;

/// <summary>Conditional writes on the embedded store, the second client being another store (connection) on the same file.</summary>
public sealed class EmbeddedConditionalWriteTests : ConditionalWriteContract, IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "backfill-conditional-" + Guid.NewGuid().ToString("N"));
    private EmbeddedDocumentStore? first;
    private EmbeddedDocumentStore? second;

    protected override IDocumentStore Store => first ?? throw new InvalidOperationException("not initialised");

    protected override IDocumentStore SecondStore => second ?? throw new InvalidOperationException("not initialised");

    public ValueTask InitializeAsync()
    {
        var file = Path.Combine(directory, "shared.db");
        first = new EmbeddedDocumentStore(file);
        second = new EmbeddedDocumentStore(file);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (first is not null)
        {
            await first.DisposeAsync();
        }

        if (second is not null)
        {
            await second.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }
}
