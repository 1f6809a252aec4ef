using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Microsoft.Data.Sqlite;

namespace Backfill.Tests.Storage.Embedded;

public sealed class EmbeddedDocumentStoreWriteTests : EmbeddedStoreTestBase
{
    private static readonly DocumentPath Doc = DocumentPath.Parse("clients/acme");

    [Fact]
    public async Task GetAsync_MissingDocument_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync(Doc, Ct));
    }

    [Fact]
    public async Task GetAllAsync_MixedPaths_ReturnsInRequestOrderWithNullForMissing()
    {
        await SetAsync("c/b", ("n", 2));
        await SetAsync("c/a", ("n", 1));

        var documents = await Store.GetAllAsync([P("c/b"), P("c/missing"), P("c/a"), P("c/b")], Ct);

        Assert.Equal(["c/b", null, "c/a", "c/b"], documents.Select(d => d?.Path.Value));
        Assert.Equal(1L, documents[2]!.Fields["n"]);
    }

    [Fact]
    public async Task SetAsync_Overwrite_KeepsCreateTimeAndMovesUpdateTime()
    {
        await Store.CommitAsync([Write.Set(Doc, Fields(("a", 1)))], Ct);
        var created = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromSeconds(5));

        await Store.CommitAsync([Write.Set(Doc, Fields(("b", 2)))], Ct);

        var document = await Store.GetAsync(Doc, Ct);
        Assert.Equal(created, document!.CreateTime);
        Assert.Equal(created.AddSeconds(5), document.UpdateTime);
        Assert.Equal(["b"], document.Fields.Keys);
    }

    [Fact]
    public async Task SetAsync_IdenticalFields_KeepsUpdateTime()
    {
        await Store.CommitAsync([Write.Set(Doc, Fields(("a", 5), ("m", new Dictionary<string, object?> { ["x"] = 1, ["y"] = 2 })))], Ct);
        var first = (await Store.GetAsync(Doc, Ct))!.UpdateTime;
        Time.Advance(TimeSpan.FromSeconds(1));

        await Store.CommitAsync([Write.Set(Doc, Fields(("m", new Dictionary<string, object?> { ["y"] = 2, ["x"] = 1 }), ("a", 5)))], Ct);

        Assert.Equal(first, (await Store.GetAsync(Doc, Ct))!.UpdateTime);
    }

    [Fact]
    public async Task SetAsync_IntegerBecomesDouble_IsAChange()
    {
        await Store.CommitAsync([Write.Set(Doc, Fields(("a", 5)))], Ct);
        var first = (await Store.GetAsync(Doc, Ct))!.UpdateTime;
        Time.Advance(TimeSpan.FromSeconds(1));

        await Store.CommitAsync([Write.Set(Doc, Fields(("a", 5.0)))], Ct);

        var document = await Store.GetAsync(Doc, Ct);
        Assert.True(document!.UpdateTime > first);
        Assert.IsType<double>(document.Fields["a"]);
    }

    [Fact]
    public async Task CreateAsync_ExistingDocument_FailsWithAlreadyExistsNamingThePath()
    {
        await Store.CommitAsync([Write.Create(Doc, Fields(("a", 1)))], Ct);

        var error = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync([Write.Create(Doc, Fields(("a", 2)))], Ct));

        Assert.Equal(StoreErrorCode.AlreadyExists, error.Code);
        Assert.Equal("clients/acme", error.DocumentPath);
        Assert.Equal(1L, (await Store.GetAsync(Doc, Ct))!.Fields["a"]);
    }

    [Fact]
    public async Task MergeAsync_MaskedPaths_ChangeOnlyThoseAndRemoveMaskedPathsWithoutValue()
    {
        await Store.CommitAsync([Write.Set(Doc, Fields(("a", "s"), ("b", 1), ("c", new Dictionary<string, object?> { ["x"] = 1, ["y"] = 2 }), ("keep", true)))], Ct);

        await Store.CommitAsync(
            [Write.Merge(
                Doc,
                Fields(("a", new Dictionary<string, object?> { ["b"] = 2 }), ("c", new Dictionary<string, object?> { ["z"] = 3 }), ("ignored", 9)),
                [FieldPath.Parse("a.b"), "b", FieldPath.Parse("c.y"), FieldPath.Parse("c.z"), FieldPath.Parse("q.r")])],
            Ct);

        var fields = (await Store.GetAsync(Doc, Ct))!.Fields;
        Assert.Equal(["a", "c", "keep"], fields.Keys.Order(StringComparer.Ordinal));
        Assert.True(StoreValues.ValueEquals(new Dictionary<string, object?> { ["b"] = 2L }, fields["a"]));
        Assert.True(StoreValues.ValueEquals(new Dictionary<string, object?> { ["x"] = 1L, ["z"] = 3L }, fields["c"]));
    }

    [Fact]
    public async Task MergeAsync_DefaultMask_MergesNestedLeavesAndCreatesMissingDocument()
    {
        await Store.CommitAsync([Write.Merge(Doc, Fields(("m", new Dictionary<string, object?> { ["a"] = 1 })))], Ct);
        await Store.CommitAsync([Write.Merge(Doc, Fields(("m", new Dictionary<string, object?> { ["b"] = 2 })))], Ct);

        var m = (await Store.GetAsync(Doc, Ct))!.Fields["m"];

        Assert.True(StoreValues.ValueEquals(new Dictionary<string, object?> { ["a"] = 1L, ["b"] = 2L }, m));
    }

    [Fact]
    public async Task UpdateAsync_MissingDocument_FailsWithNotFound()
    {
        var error = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync([Write.Update(Doc, Fields(("a", 1)))], Ct));

        Assert.Equal(StoreErrorCode.NotFound, error.Code);
        Assert.Equal(Doc.Value, error.DocumentPath);
        Assert.Null(await Store.GetAsync(Doc, Ct));
    }

    [Fact]
    public async Task UpdateAsync_PathThroughNonMap_ReplacesItWithAMap()
    {
        await Store.CommitAsync([Write.Set(Doc, Fields(("a", 1)))], Ct);

        await Store.CommitAsync([Write.Update(Doc, Fields(("a", new Dictionary<string, object?> { ["b"] = 2 })), [FieldPath.Parse("a.b")])], Ct);

        Assert.True(StoreValues.ValueEquals(new Dictionary<string, object?> { ["b"] = 2L }, (await Store.GetAsync(Doc, Ct))!.Fields["a"]));
    }

    [Fact]
    public async Task DeleteAsync_MissingDocument_IsFineUnlessItMustExist()
    {
        await Store.CommitAsync([Write.Delete(Doc)], Ct);

        var error = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync([Write.Delete(Doc, mustExist: true)], Ct));

        Assert.Equal(StoreErrorCode.NotFound, error.Code);
    }

    [Fact]
    public async Task DeleteAsync_Document_KeepsItsSubcollections()
    {
        await SetAsync("c/d", ("a", 1));
        await SetAsync("c/d/sub/e", ("a", 1));

        await Store.CommitAsync([Write.Delete(P("c/d"))], Ct);

        Assert.Null(await Store.GetAsync(P("c/d"), Ct));
        Assert.NotNull(await Store.GetAsync(P("c/d/sub/e"), Ct));
    }

    [Fact]
    public async Task CommitAsync_SameDocumentTwice_AppliesInOrder()
    {
        await Store.CommitAsync([Write.Set(Doc, Fields(("a", 1))), Write.Update(Doc, Fields(("b", 2))), Write.Delete(P("c/x"))], Ct);

        var fields = (await Store.GetAsync(Doc, Ct))!.Fields;

        Assert.Equal(1L, fields["a"]);
        Assert.Equal(2L, fields["b"]);
    }

    [Fact]
    public async Task CommitAsync_LaterWriteFails_WritesNothing()
    {
        await SetAsync("c/existing", ("a", 1));

        var error = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(
            [Write.Set(P("c/new"), Fields(("a", 1))), Write.Delete(P("c/other")), Write.Create(P("c/existing"), Fields())],
            Ct));

        Assert.Equal(StoreErrorCode.AlreadyExists, error.Code);
        Assert.Equal("c/existing", error.DocumentPath);
        Assert.Null(await Store.GetAsync(P("c/new"), Ct));
        Assert.NotNull(await Store.GetAsync(P("c/existing"), Ct));
    }

    [Fact]
    public async Task CommitAsync_DocumentOverOneMebibyte_FailsNamingThePathAndWritesNothing()
    {
        var big = new string('x', 1_048_576);

        var error = await Assert.ThrowsAsync<DocumentTooLargeException>(() => Store.CommitAsync(
            [Write.Set(P("c/ok"), Fields(("a", 1))), Write.Set(P("c/big"), Fields(("s", big)))], Ct));

        Assert.Equal("c/big", error.DocumentPath);
        Assert.Equal(StoreErrorCode.InvalidArgument, error.Code);
        Assert.Null(await Store.GetAsync(P("c/ok"), Ct));
    }

    [Fact]
    public async Task CommitAsync_JustUnderTheLimit_IsStored()
    {
        // Name: "c"(2) + "ok"(3) + 16; field "s"(2) + value; + 32 → value may be 1,048,576 - 55 bytes with its terminator.
        var fits = new string('x', 1_048_576 - 56);

        await Store.CommitAsync([Write.Set(P("c/ok"), Fields(("s", fits)))], Ct);

        Assert.NotNull(await Store.GetAsync(P("c/ok"), Ct));
        await Assert.ThrowsAsync<DocumentTooLargeException>(() => Store.CommitAsync([Write.Set(P("c/ok"), Fields(("s", fits + "x")))], Ct));
    }

    [Fact]
    public async Task MergeAsync_ResultOverTheLimit_Fails()
    {
        await SetAsync("c/d", ("a", new string('x', 600_000)));

        var error = await Assert.ThrowsAsync<DocumentTooLargeException>(() =>
            Store.CommitAsync([Write.Merge(P("c/d"), Fields(("b", new string('y', 600_000))))], Ct));

        Assert.Equal("c/d", error.DocumentPath);
    }

    [Fact]
    public async Task BatchWriteAsync_IndependentWrites_ReportsEachOutcomeInOrder()
    {
        await SetAsync("c/exists", ("a", 1));

        var outcomes = await Store.BatchWriteAsync(
            [
                Write.Set(P("c/one"), Fields(("a", 1))),
                Write.Create(P("c/exists"), Fields()),
                Write.Update(P("c/missing"), Fields(("a", 1))),
                Write.Set(P("c/big"), Fields(("s", new string('x', 1_100_000)))),
                Write.Set(P("c/two"), Fields(("a", 2))),
            ],
            Ct);

        Assert.Equal([true, false, false, false, true], outcomes.Select(o => o.Succeeded));
        Assert.Equal(StoreErrorCode.AlreadyExists, outcomes[1].Error!.Code);
        Assert.Equal(StoreErrorCode.NotFound, outcomes[2].Error!.Code);
        Assert.IsType<DocumentTooLargeException>(outcomes[3].Error);
        Assert.Equal("c/big", outcomes[3].Path.Value);
        Assert.NotNull(await Store.GetAsync(P("c/one"), Ct));
        Assert.NotNull(await Store.GetAsync(P("c/two"), Ct));
    }

    [Fact]
    public async Task BatchWriteAsync_SameDocumentTwice_FailsWholeRequest()
    {
        var error = await Assert.ThrowsAsync<StoreException>(() => Store.BatchWriteAsync(
            [Write.Set(P("c/a"), Fields()), Write.Set(P("c/b"), Fields()), Write.Delete(P("c/a"))], Ct));

        Assert.Equal(StoreErrorCode.InvalidArgument, error.Code);
        Assert.Null(await Store.GetAsync(P("c/b"), Ct));
    }

    [Fact]
    public async Task Reopen_AfterWrites_KeepsDocumentsAndTimes()
    {
        await SetAsync("c/a", ("n", 1.5), ("t", new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        var before = await Store.GetAsync(P("c/a"), Ct);

        var reopened = Reopen();

        var after = await reopened.GetAsync(P("c/a"), Ct);
        Assert.Equal(before!.CreateTime, after!.CreateTime);
        Assert.Equal(before.UpdateTime, after.UpdateTime);
        Assert.Equal(1.5, after.Fields["n"]);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), after.Fields["t"]);
    }

    [Fact]
    public async Task Open_FileWithAnotherSchemaVersion_FailsWithFailedPrecondition()
    {
        await SetAsync("c/a", ("n", 1));
        Store.Dispose();
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<StoreException>(Open);

        Assert.Equal(StoreErrorCode.FailedPrecondition, error.Code);
    }

    [Fact]
    public async Task CommitAsync_ParallelWriters_AllWritesLand()
    {
        await Parallel.ForAsync(0, 8, Ct, async (writer, ct) =>
        {
            for (var i = 0; i < 50; i++)
            {
                await Store.CommitAsync([Write.Set(P($"c/w{writer}-{i}"), Fields(("n", i)))], ct);
                await Store.CommitAsync([Write.Merge(P("c/shared"), Fields(($"w{writer}", i)))], ct);
            }
        });

        var count = await Store.AggregateAsync(Query.Collection(CollectionPath.Of("c")), [Aggregation.Count()], Ct);
        var shared = await Store.GetAsync(P("c/shared"), Ct);
        Assert.Equal(8 * 50 + 1, count.Count());
        Assert.Equal(8, shared!.Fields.Count);
        Assert.All(shared.Fields.Values, v => Assert.Equal(49L, v));
    }

    [Fact]
    public async Task Description_NamesEmbeddedAndTheFullFilePath()
    {
        Assert.Equal(new StoreDescription("Embedded", Path.GetFullPath(DatabasePath)), Store.Description);
        Assert.True(File.Exists(DatabasePath));

        var health = await Store.CheckHealthAsync(Ct);

        Assert.True(health.Healthy);
        Assert.Null(health.Error);
    }

    [Fact]
    public async Task CheckHealthAsync_DatabaseFileGone_ReportsUnhealthyWithoutThrowing()
    {
        Store.Dispose();
        File.Delete(DatabasePath);
        Directory.Delete(Path.GetDirectoryName(DatabasePath)!, recursive: true);

        var health = await Store.CheckHealthAsync(Ct);

        Assert.False(health.Healthy);
        Assert.NotNull(health.Error);
    }
}
