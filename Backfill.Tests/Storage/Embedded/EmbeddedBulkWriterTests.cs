using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;

namespace Backfill.Tests.Storage.Embedded;

public sealed class EmbeddedBulkWriterTests : EmbeddedStoreTestBase
{
    // Two full transactions and a partial one.
    private const int ManyWrites = (2 * EmbeddedBulkWriter.WritesPerTransaction) + 1;

    [Fact]
    public async Task CloseAsync_ManyWrites_AllLandAndAreCounted()
    {
        await using var writer = Store.CreateBulkWriter();
        for (var i = 0; i < ManyWrites; i++)
        {
            await writer.AddAsync(Write.Set(P($"orders/o{i:00000}"), Fields(("i", i), ("total", i * 1.5))), Ct);
        }

        var summary = await writer.CloseAsync(Ct);

        Assert.Equal(ManyWrites, summary.Succeeded);
        Assert.True(summary.AllSucceeded);
        var count = await Store.AggregateAsync(Query.Collection(CollectionPath.Of("orders")), [Aggregation.Count(), Aggregation.Sum("i")], Ct);
        Assert.Equal(ManyWrites, count.Count());
        Assert.Equal((long)ManyWrites * (ManyWrites - 1) / 2, count.Values["sum"]);
    }

    [Fact]
    public async Task FlushAsync_AfterMoreThanOneTransaction_MakesEveryEarlierWriteVisibleAndWriterStaysOpen()
    {
        await using var writer = Store.CreateBulkWriter();
        for (var i = 0; i < EmbeddedBulkWriter.WritesPerTransaction + 10; i++)
        {
            await writer.AddAsync(Write.Set(P($"c/d{i}"), Fields(("i", i))), Ct);
        }

        await writer.FlushAsync(Ct);
        var afterFlush = (await Store.AggregateAsync(Query.Collection(CollectionPath.Of("c")), [Aggregation.Count()], Ct)).Count();
        await writer.AddAsync(Write.Set(P("c/last"), Fields(("i", -1))), Ct);
        var summary = await writer.CloseAsync(Ct);

        Assert.Equal(EmbeddedBulkWriter.WritesPerTransaction + 10, afterFlush);
        Assert.Equal(EmbeddedBulkWriter.WritesPerTransaction + 11, summary.Succeeded);
        Assert.NotNull(await Store.GetAsync(P("c/last"), Ct));
    }

    [Fact]
    public async Task AddAsync_SameDocumentInTwoTransactions_LaterWriteWins()
    {
        await using var writer = Store.CreateBulkWriter();
        await writer.AddAsync(Write.Set(P("c/x"), Fields(("v", 1))), Ct);
        await writer.AddAsync(Write.Set(P("c/y"), Fields(("v", 1))), Ct);
        for (var i = 0; i < EmbeddedBulkWriter.WritesPerTransaction; i++)
        {
            await writer.AddAsync(Write.Set(P($"c/filler{i}"), Fields(("i", i))), Ct);
        }

        await writer.AddAsync(Write.Set(P("c/x"), Fields(("v", 2))), Ct);
        await writer.AddAsync(Write.Delete(P("c/y")), Ct);
        await writer.CloseAsync(Ct);

        Assert.Equal(2L, (await Store.GetAsync(P("c/x"), Ct))!.Fields["v"]);
        Assert.Null(await Store.GetAsync(P("c/y"), Ct));
    }

    [Fact]
    public async Task CloseAsync_ThenReopen_KeepsEveryWrite()
    {
        await using (var writer = Store.CreateBulkWriter())
        {
            for (var i = 0; i < EmbeddedBulkWriter.WritesPerTransaction + 1; i++)
            {
                await writer.AddAsync(Write.Set(P($"c/d{i}"), Fields(("i", i))), Ct);
            }

            await writer.CloseAsync(Ct);
        }

        Reopen();

        Assert.Equal(EmbeddedBulkWriter.WritesPerTransaction + 1, (await Store.AggregateAsync(Query.Collection(CollectionPath.Of("c")), [Aggregation.Count()], Ct)).Count());
    }

    [Fact]
    public async Task CloseAsync_Twice_ReturnsTheSameSummary()
    {
        var writer = Store.CreateBulkWriter();
        await writer.AddAsync(Write.Set(P("c/a"), Fields(("n", 1))), Ct);

        var first = await writer.CloseAsync(Ct);
        var second = await writer.CloseAsync(Ct);

        Assert.Equal(1, first.Succeeded);
        Assert.Equal(first.Succeeded, second.Succeeded);
        await writer.DisposeAsync();
    }

    [Fact]
    public async Task FlushAsync_AfterClose_ReturnsWithoutWriting()
    {
        var writer = Store.CreateBulkWriter();
        await writer.AddAsync(Write.Set(P("c/a"), Fields(("n", 1))), Ct);
        await writer.CloseAsync(Ct);

        await writer.FlushAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(1, (await writer.CloseAsync(Ct)).Succeeded);
    }

    [Fact]
    public async Task CloseAsync_FailingWrites_ReportsEachWithItsPathAndKeepsTheRest()
    {
        await SetAsync("c/exists", ("n", 1));
        await using var writer = Store.CreateBulkWriter();

        await writer.AddAsync(Write.Set(P("c/a"), Fields(("n", 1))), Ct);
        await writer.AddAsync(Write.Create(P("c/exists"), Fields()), Ct);
        await writer.AddAsync(Write.Set(P("c/big"), Fields(("s", new string('x', 1_100_000)))), Ct);
        await writer.AddAsync(Write.Update(P("c/missing"), Fields(("n", 1))), Ct);
        await writer.AddAsync(Write.Set(P("c/b"), Fields(("n", 1))), Ct);
        var summary = await writer.CloseAsync(Ct);

        Assert.Equal(2, summary.Succeeded);
        Assert.Equal(["c/exists", "c/big", "c/missing"], summary.Failures.Select(f => f.Path.Value));
        Assert.Equal(StoreErrorCode.AlreadyExists, summary.Failures[0].Error!.Code);
        Assert.IsType<DocumentTooLargeException>(summary.Failures[1].Error);
        Assert.Equal(StoreErrorCode.NotFound, summary.Failures[2].Error!.Code);
        Assert.Equal(0, summary.Retries);
    }

    [Fact]
    public async Task FlushAsync_AfterWrites_MakesThemVisible()
    {
        await using var writer = Store.CreateBulkWriter();
        await writer.AddAsync(Write.Set(P("c/a"), Fields(("n", 1))), Ct);
        await writer.AddAsync(Write.Merge(P("c/a"), Fields(("m", 2))), Ct);

        await writer.FlushAsync(Ct);

        var document = await Store.GetAsync(P("c/a"), Ct);
        Assert.Equal(1L, document!.Fields["n"]);
        Assert.Equal(2L, document.Fields["m"]);
    }

    [Fact]
    public async Task AddAsync_AfterClose_Throws()
    {
        var writer = Store.CreateBulkWriter();
        await writer.CloseAsync(Ct);

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await writer.AddAsync(Write.Delete(P("c/a")), Ct));
    }

    [Fact]
    public async Task AddAsync_ParallelProducers_AllWritesLand()
    {
        await using var writer = Store.CreateBulkWriter();

        await Parallel.ForAsync(0, 4, Ct, async (producer, ct) =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                await writer.AddAsync(Write.Set(P($"c/p{producer}-{i}"), Fields(("n", i))), ct);
            }
        });
        var summary = await writer.CloseAsync(Ct);

        Assert.Equal(4_000, summary.Succeeded);
        Assert.Equal(4_000, (await Store.AggregateAsync(Query.Collection(CollectionPath.Of("c")), [Aggregation.Count()], Ct)).Count());
    }
}
