using Backfill.Services.Firestore;
using Backfill.Services.Storage;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Firestore;

/// <summary>The bulk writer against the real emulator: volume lands, and a bad write is reported by path.</summary>
public sealed class FirestoreBulkWriterEmulatorTests(FirestoreEmulator emulator) : IDisposable
{
    private readonly FirestoreDocumentStore _store = emulator.CreateStore(FirestoreEmulator.NewProjectId("bulk"));
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task CloseAsync_FiveThousandWrites_AllLand()
    {
        var orders = CollectionPath.Of("orders");
        await using var writer = _store.CreateBulkWriter();

        for (var i = 0; i < 5000; i++)
        {
            await writer.AddAsync(Write.Set(orders.Document($"o{i:D5}"), new Dictionary<string, object?> { ["value"] = i, ["currency"] = "EUR" }), _ct);
        }

        var summary = await writer.CloseAsync(_ct);
        var stored = await _store.AggregateAsync(Query.Collection(orders), [Aggregation.Count(), Aggregation.Sum("value")], _ct);

        Assert.Empty(summary.Failures);
        Assert.Equal(5000, summary.Succeeded);
        Assert.Equal(5000, stored.Count());
        Assert.Equal(4999L * 5000 / 2, stored.Values["sum"]);
    }

    [Fact]
    public async Task CloseAsync_BatchWithOneInvalidWrite_ReportsExactlyThatPath()
    {
        var taken = DocumentPath.Of("orders", "taken");
        await _store.CommitAsync([Write.Set(taken, new Dictionary<string, object?>())], _ct);
        await using var writer = _store.CreateBulkWriter(new BulkWriterOptions { MaxBatchSize = 50 });

        for (var i = 0; i < 40; i++)
        {
            await writer.AddAsync(Write.Set(DocumentPath.Of("orders", $"o{i}"), new Dictionary<string, object?> { ["i"] = i }), _ct);
        }

        await writer.AddAsync(Write.Create(taken, new Dictionary<string, object?> { ["again"] = true }), _ct);
        await writer.AddAsync(Write.Update(DocumentPath.Of("orders", "missing"), new Dictionary<string, object?> { ["x"] = 1 }), _ct);
        var summary = await writer.CloseAsync(_ct);

        Assert.Equal(40, summary.Succeeded);
        Assert.Equal(0, summary.Retries);
        Assert.Equal(["orders/missing", "orders/taken"], summary.Failures.Select(f => f.Path.Value).Order());
        Assert.Equal(StoreErrorCode.AlreadyExists, summary.Failures.Single(f => f.Path == taken).Error!.Code);
        Assert.Equal(StoreErrorCode.NotFound, summary.Failures.Single(f => f.Path != taken).Error!.Code);
    }
}
