using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.Storage.Embedded;

/// <summary>A fresh store on a temporary file per test, with a fake clock.</summary>
public abstract class EmbeddedStoreTestBase : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "backfill-embedded-" + Guid.NewGuid().ToString("N"));

    protected EmbeddedStoreTestBase()
    {
        Store = Open();
    }

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    protected EmbeddedDocumentStore Store { get; private set; }

    protected string DatabasePath => Path.Combine(directory, "data", "test.db");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected EmbeddedDocumentStore Open() => new(DatabasePath, Time);

    protected EmbeddedDocumentStore Reopen()
    {
        Store.Dispose();
        Store = Open();
        return Store;
    }

    protected static Dictionary<string, object?> Fields(params (string Name, object? Value)[] fields) =>
        fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);

    protected static DocumentPath P(string path) => DocumentPath.Parse(path);

    protected Task SetAsync(string path, params (string Name, object? Value)[] fields) =>
        Store.CommitAsync([Write.Set(DocumentPath.Parse(path), Fields(fields))], Ct);

    protected async Task<List<string>> IdsAsync(Query query)
    {
        var ids = new List<string>();
        await foreach (var document in Store.QueryAsync(query, Ct))
        {
            ids.Add(document.Path.Value);
        }

        return ids;
    }

    protected async Task<List<Document>> ListAsync(Query query)
    {
        var documents = new List<Document>();
        await foreach (var document in Store.QueryAsync(query, Ct))
        {
            documents.Add(document);
        }

        return documents;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Store.Dispose();
        GC.SuppressFinalize(this);
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
