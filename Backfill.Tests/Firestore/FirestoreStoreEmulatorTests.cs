using System.Text;
using Backfill.Services.Firestore;
using Backfill.Services.Storage;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Firestore;

/// <summary>Firestore-specific behaviour of the store against the real emulator; each test has its own project.</summary>
public sealed class FirestoreStoreEmulatorTests : IDisposable
{
    private readonly FirestoreDocumentStore _store;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public FirestoreStoreEmulatorTests(FirestoreEmulator emulator)
    {
        _store = emulator.CreateStore(FirestoreEmulator.NewProjectId("store"), o => o.QueryPageSize = 50);
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        Assert.Null(await _store.GetAsync(DocumentPath.Of("c", "nope"), _ct));
    }

    [Fact]
    public async Task CommitAsync_EveryValueType_RoundTripsThroughEmulator()
    {
        var path = DocumentPath.Of("types", "all");
        var fields = new Dictionary<string, object?>
        {
            ["null"] = null,
            ["bool"] = true,
            ["max"] = long.MaxValue,
            ["min"] = long.MinValue,
            ["double"] = 0.1 + 0.2,
            ["nan"] = double.NaN,
            ["inf"] = double.PositiveInfinity,
            ["ninf"] = double.NegativeInfinity,
            ["ts"] = new DateTimeOffset(2024, 12, 25, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_567),
            ["text"] = "Zoë 😀 日本 \"quoted\" \\ <tag> &",
            ["bytes"] = new byte[] { 0, 1, 2, 253, 254, 255 },
            ["ref"] = DocumentPath.Of("clients", "acme"),
            ["geo"] = new GeoPoint(-33.8688, 151.2093),
            ["emptyArray"] = Array.Empty<object?>(),
            ["emptyMap"] = new Dictionary<string, object?>(),
            ["items"] = new object?[] { 1, "two", new Dictionary<string, object?> { ["three"] = 3.5, ["list"] = new[] { "x" } } },
            ["nested"] = new Dictionary<string, object?> { ["a.b"] = 1, ["with space"] = new Dictionary<string, object?> { ["deep"] = true } },
        };

        await _store.CommitAsync([Write.Set(path, fields)], _ct);
        var document = await _store.GetAsync(path, _ct);

        Assert.NotNull(document);
        var expected = StoreValues.NormalizeFields(fields);
        Assert.Equal(expected.Keys.Order(), document.Fields.Keys.Order());
        foreach (var (key, value) in expected)
        {
            Assert.True(StoreValues.ValueEquals(value, document.Fields[key]), key);
        }

        Assert.Equal(new DateTimeOffset(2024, 12, 25, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_560), document.Fields["ts"]);
        Assert.True(document.UpdateTime >= document.CreateTime && document.CreateTime > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task GetAllAsync_MixedPaths_InRequestOrderWithNulls()
    {
        await _store.CommitAsync([Set("c/a", 1), Set("c/b", 2)], _ct);

        var documents = await _store.GetAllAsync([DocumentPath.Parse("c/b"), DocumentPath.Parse("c/missing"), DocumentPath.Parse("c/a")], _ct);

        Assert.Equal([2L, null, 1L], documents.Select(d => d?.Fields["n"]));
    }

    [Fact]
    public async Task CommitAsync_CreateTwice_AlreadyExists()
    {
        var create = Write.Create(DocumentPath.Of("c", "once"), new Dictionary<string, object?> { ["n"] = 1 });
        await _store.CommitAsync([create], _ct);

        var error = await Assert.ThrowsAsync<StoreException>(() => _store.CommitAsync([create], _ct));

        Assert.Equal(StoreErrorCode.AlreadyExists, error.Code);
        Assert.Equal(409, error.HttpStatus);
        Assert.Equal("c/once", error.DocumentPath);
    }

    [Fact]
    public async Task CommitAsync_UpdateMissing_NotFound()
    {
        var error = await Assert.ThrowsAsync<StoreException>(() =>
            _store.CommitAsync([Write.Update(DocumentPath.Of("c", "ghost"), new Dictionary<string, object?> { ["n"] = 1 })], _ct));

        Assert.Equal(StoreErrorCode.NotFound, error.Code);
        Assert.Equal(404, error.HttpStatus);
    }

    [Fact]
    public async Task CommitAsync_DeleteMustExistOnMissing_NotFound()
    {
        var error = await Assert.ThrowsAsync<StoreException>(() => _store.CommitAsync([Write.Delete(DocumentPath.Of("c", "ghost"), mustExist: true)], _ct));

        Assert.Equal(StoreErrorCode.NotFound, error.Code);
    }

    [Theory]
    [InlineData("""{"a":{"arrayValue":{"values":[{"arrayValue":{}}]}}}""")]
    [InlineData("""{"__reserved__":{"integerValue":"1"}}""")]
    public async Task CommitAsync_ServerRejectsValue_InvalidArgument(string fieldsJson)
    {
        // Built by hand: the port already refuses these values, so only raw JSON can show the server's verdict.
        var name = _store.Client.Names.DocumentName(DocumentPath.Of("c", "bad"));
        var write = Encoding.UTF8.GetBytes($$$"""{"update":{"name":"{{{name}}}","fields":{{{fieldsJson}}}}}""");

        var error = await Assert.ThrowsAsync<StoreException>(() => _store.Client.CommitAsync([write], "c/bad", _ct));

        Assert.Equal(StoreErrorCode.InvalidArgument, error.Code);
        Assert.Equal(400, error.HttpStatus);
    }

    [Fact]
    public async Task CommitAsync_StaleUpdateTimePrecondition_FailedPrecondition()
    {
        await _store.CommitAsync([Set("c/v", 1)], _ct);
        var name = _store.Client.Names.DocumentName(DocumentPath.Of("c", "v"));
        var write = Encoding.UTF8.GetBytes($$$"""{"update":{"name":"{{{name}}}","fields":{}},"currentDocument":{"updateTime":"2000-01-01T00:00:00Z"}}""");

        var error = await Assert.ThrowsAsync<StoreException>(() => _store.Client.CommitAsync([write], "c/v", _ct));

        Assert.Equal(StoreErrorCode.FailedPrecondition, error.Code);
        Assert.Equal(400, error.HttpStatus);
    }

    [Fact]
    public async Task CommitAsync_OneWriteFails_NothingWritten()
    {
        await _store.CommitAsync([Set("c/exists", 1)], _ct);

        await Assert.ThrowsAsync<StoreException>(() => _store.CommitAsync(
            [Set("c/first", 1), Write.Create(DocumentPath.Of("c", "exists"), new Dictionary<string, object?>()), Set("c/last", 1)], _ct));

        Assert.Null(await _store.GetAsync(DocumentPath.Of("c", "first"), _ct));
        Assert.Null(await _store.GetAsync(DocumentPath.Of("c", "last"), _ct));
    }

    [Fact]
    public async Task BatchWriteAsync_OneInvalidWrite_OnlyThatOneFails()
    {
        await _store.CommitAsync([Set("c/exists", 1)], _ct);

        var outcomes = await _store.BatchWriteAsync(
            [Set("c/one", 1), Write.Create(DocumentPath.Of("c", "exists"), new Dictionary<string, object?>()), Set("c/two", 2)], _ct);

        Assert.True(outcomes[0].Succeeded);
        Assert.Equal(StoreErrorCode.AlreadyExists, outcomes[1].Error?.Code);
        Assert.Equal("c/exists", outcomes[1].Error?.DocumentPath);
        Assert.True(outcomes[2].Succeeded);
        Assert.NotNull(await _store.GetAsync(DocumentPath.Of("c", "two"), _ct));
    }

    [Fact]
    public async Task BatchWriteAsync_SameDocumentTwice_RejectedBeforeSending()
    {
        var error = await Assert.ThrowsAsync<StoreException>(() => _store.BatchWriteAsync([Set("c/a", 1), Set("c/a", 2)], _ct));

        Assert.Equal(StoreErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task CommitAsync_MergeWithSpecialFieldNames_TouchesOnlyMaskedPaths()
    {
        var path = DocumentPath.Of("c", "merge");
        await _store.CommitAsync([Write.Set(path, new Dictionary<string, object?>
        {
            ["a.b"] = 1, ["with space"] = 1, ["back`tick"] = 1, ["keep"] = "yes",
            ["m"] = new Dictionary<string, object?> { ["x y"] = 1, ["z"] = 1 },
        })], _ct);

        await _store.CommitAsync([Write.Merge(path, new Dictionary<string, object?>
        {
            ["a.b"] = 2, ["with space"] = 2, ["back`tick"] = 2, ["m"] = new Dictionary<string, object?> { ["x y"] = 2 },
        })], _ct);
        await _store.CommitAsync([Write.Update(path, new Dictionary<string, object?>(), [FieldPath.Of("m", "z")])], _ct);
        var document = await _store.GetAsync(path, _ct);

        Assert.NotNull(document);
        Assert.Equal(2L, document.Fields["a.b"]);
        Assert.Equal(2L, document.Fields["with space"]);
        Assert.Equal(2L, document.Fields["back`tick"]);
        Assert.Equal("yes", document.Fields["keep"]);
        var m = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(document.Fields["m"]);
        Assert.Equal(2L, m["x y"]);
        Assert.False(m.ContainsKey("z"));
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("with space")]
    [InlineData("back`tick")]
    [InlineData("back\\slash")]
    public async Task QueryAsync_FilterAndOrderOnSpecialFieldName_Works(string field)
    {
        await _store.CommitAsync(Enumerable.Range(0, 5).Select(i =>
            Write.Set(DocumentPath.Of("special", $"d{i}"), new Dictionary<string, object?> { [field] = i })).ToArray(), _ct);

        var query = Query.Collection(CollectionPath.Of("special"))
            .Where(FieldPath.Of(field), FilterOperator.GreaterThanOrEqual, 2)
            .OrderByField(FieldPath.Of(field), Direction.Descending);
        var ids = await ToIdsAsync(query);

        Assert.Equal(["d4", "d3", "d2"], ids);
    }

    [Fact]
    public async Task QueryAsync_MoreThanOnePage_StreamsAllInOrder()
    {
        await SeedNumbersAsync(230);

        var ids = await ToIdsAsync(Query.Collection(CollectionPath.Of("numbers")).OrderByField("n", Direction.Descending));

        Assert.Equal(Enumerable.Range(0, 230).Reverse().Select(Id), ids);
    }

    [Fact]
    public async Task QueryAsync_LimitAcrossPages_Respected()
    {
        await SeedNumbersAsync(130);

        var ids = await ToIdsAsync(Query.Collection(CollectionPath.Of("numbers")).OrderByField("n").WithLimit(120));

        Assert.Equal(Enumerable.Range(0, 120).Select(Id), ids);
    }

    [Fact]
    public async Task QueryAsync_InequalityAndNarrowSelectAcrossPages_KeysetCursorStillExact()
    {
        await SeedNumbersAsync(180);

        var query = Query.Collection(CollectionPath.Of("numbers"))
            .Where("n", FilterOperator.GreaterThanOrEqual, 20)
            .Where("parity", FilterOperator.Equal, "even")
            .SelectFields("label");
        var documents = new List<Document>();
        await foreach (var document in _store.QueryAsync(query, _ct))
        {
            documents.Add(document);
        }

        Assert.Equal(Enumerable.Range(20, 160).Where(i => i % 2 == 0).Select(Id), documents.Select(d => d.Id));
        Assert.All(documents, d => Assert.Equal(["label"], d.Fields.Keys));
    }

    [Fact]
    public async Task QueryAsync_Cursors_StartAfterAndEndAt()
    {
        await SeedNumbersAsync(20);

        var ids = await ToIdsAsync(Query.Collection(CollectionPath.Of("numbers")).OrderByField("n").StartAfterValues(5).EndAtValues(8));

        Assert.Equal([Id(6), Id(7), Id(8)], ids);
    }

    [Fact]
    public async Task QueryAsync_FilterKinds_MatchFirestoreSemantics()
    {
        await _store.CommitAsync(
        [
            Write.Set(DocumentPath.Of("f", "a"), new Dictionary<string, object?> { ["tags"] = new[] { "x", "y" }, ["v"] = 1, ["d"] = double.NaN }),
            Write.Set(DocumentPath.Of("f", "b"), new Dictionary<string, object?> { ["tags"] = new[] { "y" }, ["v"] = 2, ["d"] = null }),
            Write.Set(DocumentPath.Of("f", "c"), new Dictionary<string, object?> { ["tags"] = Array.Empty<string>(), ["v"] = 3, ["d"] = 1.0 }),
        ], _ct);
        var f = Query.Collection(CollectionPath.Of("f"));

        Assert.Equal(["a", "b"], await ToIdsAsync(f.Where("tags", FilterOperator.ArrayContains, "y")));
        Assert.Equal(["a", "c"], await ToIdsAsync(f.Where("v", FilterOperator.In, new[] { 1, 3 })));
        Assert.Equal(["b"], await ToIdsAsync(f.Where("v", FilterOperator.NotIn, new[] { 1, 3 })));
        Assert.Equal(["a"], await ToIdsAsync(f.Where("tags", FilterOperator.ArrayContainsAny, new[] { "x" })));
        Assert.Equal(["a"], await ToIdsAsync(f.Where("d", UnaryOperator.IsNan)));
        Assert.Equal(["b"], await ToIdsAsync(f.Where("d", UnaryOperator.IsNull)));
        Assert.Equal(["a", "c"], await ToIdsAsync(f.Where("v", FilterOperator.NotEqual, 2)));
        Assert.Equal(["a", "c"], await ToIdsAsync(f.Where(new CompositeFilter(CompositeOperator.Or,
            [new FieldFilter("v", FilterOperator.Equal, 1L), new FieldFilter("v", FilterOperator.Equal, 3L)]))));
        Assert.Equal(["c"], await ToIdsAsync(f.Where(FieldPath.DocumentId, FilterOperator.In, new[] { DocumentPath.Of("f", "c") })));
    }

    [Fact]
    public async Task QueryAsync_CollectionGroup_FindsEveryParent()
    {
        await _store.CommitAsync([Set("users/u1/events/e1", 1), Set("users/u2/events/e2", 2), Set("other/o/events/e3", 3), Set("users/u1/notes/n1", 4)], _ct);

        var all = await ToIdsAsync(Query.CollectionGroup("events"));
        var underUsersU1 = await ToIdsAsync(Query.CollectionGroup("events", DocumentPath.Of("users", "u1")));

        Assert.Equal(["e1", "e2", "e3"], all.Order());
        Assert.Equal(["e1"], underUsersU1);
    }

    [Fact]
    public async Task AggregateAsync_CountSumAverage_MatchData()
    {
        await SeedNumbersAsync(10);
        await _store.CommitAsync([Write.Set(DocumentPath.Of("numbers", "text"), new Dictionary<string, object?> { ["n"] = "not a number", ["price"] = 2.5 })], _ct);
        var numbers = Query.Collection(CollectionPath.Of("numbers"));

        var result = await _store.AggregateAsync(numbers,
            [Aggregation.Count(), Aggregation.Count("upTo", upTo: 4), Aggregation.Sum("n"), Aggregation.Average("n"), Aggregation.Sum("price", "prices")], _ct);

        Assert.Equal(11, result.Count());
        Assert.Equal(4, result.Count("upTo"));
        Assert.Equal(45L, result.Values["sum"]);
        Assert.Equal(4.5, result.Average());
        Assert.Equal(2.5 + (0.5 * 10), result.Sum("prices"));
    }

    [Fact]
    public async Task AggregateAsync_NothingMatches_ZeroCountAndNullAverage()
    {
        var result = await _store.AggregateAsync(Query.Collection(CollectionPath.Of("empty")), [Aggregation.Count(), Aggregation.Average("n")], _ct);

        Assert.Equal(0, result.Count());
        Assert.Null(result.Average());
    }

    [Fact]
    public async Task AggregateAsync_SixAggregations_RejectedBeforeSending()
    {
        var six = Enumerable.Range(0, 6).Select(i => Aggregation.Count($"c{i}")).ToArray();

        var error = await Assert.ThrowsAsync<StoreException>(() => _store.AggregateAsync(Query.Collection(CollectionPath.Of("x")), six, _ct));

        Assert.Equal(StoreErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task ListCollectionIdsAsync_RootAndPhantomParent_SortedIds()
    {
        await _store.CommitAsync([Set("b/1", 1), Set("a/1", 1), Set("a/ghost/z/1", 1), Set("a/ghost/y/1", 1)], _ct);

        Assert.Equal(["a", "b"], await _store.ListCollectionIdsAsync(null, _ct));
        Assert.Equal(["y", "z"], await _store.ListCollectionIdsAsync(DocumentPath.Of("a", "ghost"), _ct));
        Assert.Empty(await _store.ListCollectionIdsAsync(DocumentPath.Of("b", "1"), _ct));
    }

    [Fact]
    public async Task ListCollectionIdsAsync_PageSizeOne_FollowsPageTokens()
    {
        await _store.CommitAsync([Set("p1/d", 1), Set("p2/d", 1), Set("p3/d", 1)], _ct);

        var ids = await _store.Client.ListCollectionIdsAsync(null, pageSize: 1, _ct);

        Assert.Equal(["p1", "p2", "p3"], ids);
    }

    [Fact]
    public async Task DeleteTreeAsync_Document_DeletesDescendantsIncludingUnderMissingParents()
    {
        await _store.CommitAsync([Set("t/root", 1), Set("t/root/s/1", 1), Set("t/root/s/1/deep/2", 1), Set("t/root/phantom/p/x/3", 1), Set("t/other", 1)], _ct);

        var deleted = await _store.DeleteTreeAsync(DocumentPath.Of("t", "root"), _ct);

        Assert.Equal(4, deleted);
        Assert.Equal(["other"], await ToIdsAsync(Query.CollectionGroup("t")));
        Assert.Empty(await _store.ListCollectionIdsAsync(DocumentPath.Of("t", "root"), _ct));
    }

    [Fact]
    public async Task DeleteTreeAsync_Collection_LeavesSiblingsWithSharedPrefix()
    {
        _ = await SeedNumbersAsync(120, "c");
        await _store.CommitAsync([Set("c/0/sub/x", 1), Set("c/ghost/sub/y", 1), Set("cc/keep", 1), Set("c0/keep", 1), Set("b/keep", 1)], _ct);

        var deleted = await _store.DeleteTreeAsync(CollectionPath.Of("c"), _ct);

        Assert.Equal(122, deleted);
        Assert.Equal(["b", "c0", "cc"], await _store.ListCollectionIdsAsync(null, _ct));
    }

    [Fact]
    public async Task CheckHealthAsync_EmulatorUp_HealthyAndDescribed()
    {
        var health = await _store.CheckHealthAsync(_ct);

        Assert.True(health.Healthy, health.Error);
        Assert.Equal("Firestore", _store.Description.Provider);
        Assert.StartsWith("emulator 127.0.0.1:", _store.Description.Target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_IdsNeedingUrlEscaping_RoundTrip()
    {
        string[] ids = ["with space", "q?x#y", "pct%26amp&", "ünï😀", "(paren)"];
        await _store.CommitAsync(ids.Select(id => Write.Set(DocumentPath.Of("esc", id), new Dictionary<string, object?> { ["id"] = id })).ToArray(), _ct);

        foreach (var id in ids)
        {
            Assert.Equal(id, (await _store.GetAsync(DocumentPath.Of("esc", id), _ct))?.Fields["id"]);
            Assert.Equal(id, (await _store.Client.GetAsync(DocumentPath.Of("esc", id), _ct))?.Fields["id"]);
        }

        Assert.Equal(ids.Length, (await _store.DeleteTreeAsync(CollectionPath.Of("esc"), _ct)));
    }

    private static string Id(int i) => $"n{i:D4}";

    private async Task<int> SeedNumbersAsync(int count, string collection = "numbers")
    {
        var writes = Enumerable.Range(0, count).Select(i => Write.Set(DocumentPath.Of(collection, collection == "numbers" ? Id(i) : i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Dictionary<string, object?> { ["n"] = i, ["parity"] = i % 2 == 0 ? "even" : "odd", ["label"] = $"#{i}", ["price"] = 0.5 })).ToArray();
        await _store.CommitAsync(writes, _ct);
        return count;
    }

    private async Task<List<string>> ToIdsAsync(Query query)
    {
        var ids = new List<string>();
        await foreach (var document in _store.QueryAsync(query, _ct))
        {
            ids.Add(document.Id);
        }

        return ids;
    }

    private static Write Set(string path, long n) => Write.Set(DocumentPath.Parse(path), new Dictionary<string, object?> { ["n"] = n });
}
