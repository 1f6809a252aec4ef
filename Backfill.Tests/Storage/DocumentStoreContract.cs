using Backfill.Services.Storage;

namespace Backfill.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="IDocumentStore"/> must show. It runs unchanged against the Firestore emulator
/// (the reference) and the embedded store, so the two can never drift apart. Each test works under its own
/// root collection, so tests of one class can share a store.
/// </summary>
public abstract class DocumentStoreContract
{
    protected abstract IDocumentStore Store { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static CollectionPath NewCollection() => CollectionPath.Of("t" + Guid.NewGuid().ToString("N")[..12]);

    private static Dictionary<string, object?> Fields(params (string Key, object? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    private async Task<List<Document>> ToListAsync(Query query) => await Store.QueryAsync(query, Ct).ToListAsync(Ct);

    private async Task<List<string>> IdsAsync(Query query) => (await ToListAsync(query)).Select(d => d.Id).ToList();

    private async Task SeedAsync(CollectionPath collection, params (string Id, Dictionary<string, object?> Fields)[] docs) =>
        await Store.CommitAsync(docs.Select(d => Write.Set(collection.Document(d.Id), d.Fields)).ToList(), Ct);

    [Fact]
    public async Task Get_MissingDocument_ReturnsNull()
    {
        var document = await Store.GetAsync(NewCollection().Document("nope"), Ct);

        Assert.Null(document);
    }

    [Fact]
    public async Task Set_EveryValueType_RoundTripsExactly()
    {
        var path = NewCollection().Document("all-types");
        var timestamp = new DateTimeOffset(2024, 12, 25, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567);
        var fields = Fields(
            ("null", null),
            ("bool", true),
            ("int", long.MinValue),
            ("intMax", long.MaxValue),
            ("double", 1.5),
            ("wholeDouble", 2.0),
            ("nan", double.NaN),
            ("inf", double.PositiveInfinity),
            ("negInf", double.NegativeInfinity),
            ("timestamp", timestamp),
            ("string", "héllo wörld — 日本語 😀"),
            ("empty", ""),
            ("bytes", new byte[] { 0, 1, 2, 255 }),
            ("reference", DocumentPath.Of("clients", "acme")),
            ("geo", new GeoPoint(37.7, -122.4)),
            ("array", new object?[] { 1L, "two", 3.5, null, new Dictionary<string, object?> { ["k"] = "v" } }),
            ("emptyArray", Array.Empty<object?>()),
            ("map", new Dictionary<string, object?> { ["nested"] = new Dictionary<string, object?> { ["deep"] = 42L }, ["a.b"] = "dotted key" }),
            ("emptyMap", new Dictionary<string, object?>()));

        await Store.CommitAsync([Write.Set(path, fields)], Ct);
        var document = await Store.GetAsync(path, Ct);

        Assert.NotNull(document);
        Assert.Equal(path, document.Path);
        Assert.Null(document.Fields["null"]);
        Assert.True(document.Fields.ContainsKey("null"));
        Assert.Equal(true, document.Fields["bool"]);
        Assert.Equal(long.MinValue, document.Fields["int"]);
        Assert.Equal(long.MaxValue, document.Fields["intMax"]);
        Assert.Equal(1.5, document.Fields["double"]);
        Assert.IsType<double>(document.Fields["wholeDouble"]);
        Assert.True(double.IsNaN((double)document.Fields["nan"]!));
        Assert.Equal(double.PositiveInfinity, document.Fields["inf"]);
        Assert.Equal(double.NegativeInfinity, document.Fields["negInf"]);
        Assert.Equal(timestamp.AddTicks(-7), document.Fields["timestamp"]);
        Assert.Equal("héllo wörld — 日本語 😀", document.Fields["string"]);
        Assert.Equal("", document.Fields["empty"]);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, (byte[])document.Fields["bytes"]!);
        Assert.Equal(DocumentPath.Of("clients", "acme"), document.Fields["reference"]);
        Assert.Equal(new GeoPoint(37.7, -122.4), document.Fields["geo"]);
        var array = Assert.IsAssignableFrom<IReadOnlyList<object?>>(document.Fields["array"]);
        Assert.Equal(5, array.Count);
        Assert.Equal(1L, array[0]);
        Assert.Equal("two", array[1]);
        Assert.Equal(3.5, array[2]);
        Assert.Null(array[3]);
        Assert.Equal("v", Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(array[4])["k"]);
        Assert.Empty(Assert.IsAssignableFrom<IReadOnlyList<object?>>(document.Fields["emptyArray"]));
        Assert.Equal(42L, document[FieldPath.Of("map", "nested", "deep")]);
        Assert.Equal("dotted key", document[FieldPath.Of("map", "a.b")]);
        Assert.Empty(Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(document.Fields["emptyMap"]));
    }

    [Fact]
    public async Task GetAll_MixedExistingAndMissing_ReturnsInRequestOrder()
    {
        var collection = NewCollection();
        await SeedAsync(collection, ("b", Fields(("n", 2L))), ("a", Fields(("n", 1L))));

        var documents = await Store.GetAllAsync([collection.Document("b"), collection.Document("missing"), collection.Document("a")], Ct);

        Assert.Equal(3, documents.Count);
        Assert.Equal(2L, documents[0]!.Fields["n"]);
        Assert.Null(documents[1]);
        Assert.Equal(1L, documents[2]!.Fields["n"]);
    }

    [Fact]
    public async Task GetAll_WithFields_ReturnsOnlyThoseFields_InRequestOrder()
    {
        var collection = NewCollection();
        var big = new string('x', 50_000);
        await SeedAsync(
            collection,
            ("b", Fields(("hash", "hb"), ("raw", big), ("map", Fields(("keep", 1L), ("drop", 2L))))),
            ("a", Fields(("raw", big))));

        var documents = await Store.GetAllAsync(
            [collection.Document("b"), collection.Document("missing"), collection.Document("a")], [FieldPath.Of("hash"), FieldPath.Of("map", "keep")], Ct);

        Assert.Equal(3, documents.Count);
        Assert.Equal(["hash", "map"], documents[0]!.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("hb", documents[0]!.Fields["hash"]);
        Assert.Equal(["keep"], Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(documents[0]!.Fields["map"]).Keys);
        Assert.Null(documents[1]);
        Assert.Equal("a", documents[2]!.Id);
        Assert.Empty(documents[2]!.Fields);
    }

    [Fact]
    public async Task ContentHash_OfADocumentReadBack_EqualsTheHashOfWhatWasWritten()
    {
        // A stored hash is trusted only while it describes the stored content: what a store gives back must hash alike.
        var path = NewCollection().Document("order");
        var fields = Fields(
            ("value", 12.5m), ("count", 3), ("when", new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero).AddTicks(1234567)),
            ("flag", true), ("none", null), ("text", "é \"quoted\""),
            ("items", new List<object?> { Fields(("sku", "A"), ("qty", 2L)), Fields(("qty", 1L), ("sku", "B")) }),
            ("map", Fields(("z", 1.25), ("a", new List<object?>()))));
        var written = StoreValues.NormalizeFields(fields);
        await Store.CommitAsync([Write.Set(path, fields)], Ct);

        var read = await Store.GetAsync(path, Ct);

        var notHashed = new HashSet<string>(StringComparer.Ordinal);
        Assert.Equal(ContentHash.Of(written, notHashed), ContentHash.Of(read!.Fields, notHashed));
    }

    [Fact]
    public async Task Set_ExistingDocument_ReplacesFieldsAndKeepsCreateTime()
    {
        var path = NewCollection().Document("d");
        await Store.CommitAsync([Write.Set(path, Fields(("a", 1L), ("b", 2L)))], Ct);
        var first = await Store.GetAsync(path, Ct);

        await Store.CommitAsync([Write.Set(path, Fields(("c", 3L)))], Ct);
        var second = await Store.GetAsync(path, Ct);

        Assert.Equal(["c"], second!.Fields.Keys);
        Assert.Equal(first!.CreateTime, second.CreateTime);
        Assert.True(second.UpdateTime > first.UpdateTime);
    }

    [Fact]
    public async Task Create_ExistingDocument_FailsWithAlreadyExists()
    {
        var path = NewCollection().Document("d");
        await Store.CommitAsync([Write.Create(path, Fields(("a", 1L)))], Ct);

        var error = await Assert.ThrowsAnyAsync<StoreException>(() => Store.CommitAsync([Write.Create(path, Fields(("a", 2L)))], Ct));

        Assert.Equal(StoreErrorCode.AlreadyExists, error.Code);
        Assert.Equal(1L, (await Store.GetAsync(path, Ct))!.Fields["a"]);
    }

    [Fact]
    public async Task Update_MissingDocument_FailsWithNotFound()
    {
        var path = NewCollection().Document("ghost");

        var error = await Assert.ThrowsAnyAsync<StoreException>(() => Store.CommitAsync([Write.Update(path, Fields(("a", 1L)))], Ct));

        Assert.Equal(StoreErrorCode.NotFound, error.Code);
        Assert.Null(await Store.GetAsync(path, Ct));
    }

    [Fact]
    public async Task Merge_ChangesOnlyMaskedPaths_AndCreatesNestedMaps()
    {
        var path = NewCollection().Document("d");
        await Store.CommitAsync([Write.Set(path, Fields(("keep", "yes"), ("stats", new Dictionary<string, object?> { ["opens"] = 1L, ["clicks"] = 2L })))], Ct);

        await Store.CommitAsync([Write.Merge(path, Fields(("stats", new Dictionary<string, object?> { ["opens"] = 10L, ["revenue"] = 9.5 }), ("new", true)))], Ct);
        var document = await Store.GetAsync(path, Ct);

        Assert.Equal("yes", document!.Fields["keep"]);
        Assert.Equal(10L, document[FieldPath.Of("stats", "opens")]);
        Assert.Equal(2L, document[FieldPath.Of("stats", "clicks")]);
        Assert.Equal(9.5, document[FieldPath.Of("stats", "revenue")]);
        Assert.Equal(true, document.Fields["new"]);
    }

    [Fact]
    public async Task Increment_CreatesTheDocument_AddsToIntegersAndDoubles_AndReplacesOtherValues()
    {
        var path = NewCollection().Document("counter");

        await Store.CommitAsync([Write.Increment(path, new Dictionary<string, long> { ["used"] = 2 }, Fields(("label", "a")))], Ct);
        var created = await Store.GetAsync(path, Ct);
        Assert.Equal(2L, created!.Fields["used"]);
        Assert.Equal("a", created.Fields["label"]);

        await Store.CommitAsync([Write.Set(path, Fields(("used", 2L), ("ratio", 0.5), ("text", "x"), ("label", "a")))], Ct);
        await Store.CommitAsync(
            [Write.Increment(path, new Dictionary<string, long> { ["used"] = 3, ["ratio"] = 1, ["text"] = 4, ["fresh"] = 1 }, Fields(("label", "b")))], Ct);
        var document = await Store.GetAsync(path, Ct);

        Assert.Equal(5L, document!.Fields["used"]);
        Assert.Equal(1.5, document.Fields["ratio"]);
        Assert.Equal(4L, document.Fields["text"]);
        Assert.Equal(1L, document.Fields["fresh"]);
        Assert.Equal("b", document.Fields["label"]);
    }

    [Fact]
    public async Task Increment_ConcurrentCommits_AllLand()
    {
        var path = NewCollection().Document("counter");

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Store.CommitAsync([Write.Increment(path, new Dictionary<string, long> { ["n"] = 1 })], Ct)));

        Assert.Equal(10L, (await Store.GetAsync(path, Ct))!.Fields["n"]);
    }

    [Fact]
    public async Task Merge_MaskedPathWithoutValue_RemovesField()
    {
        var path = NewCollection().Document("d");
        await Store.CommitAsync([Write.Set(path, Fields(("a", 1L), ("b", 2L), ("odd key.x", 3L)))], Ct);

        await Store.CommitAsync([Write.Merge(path, Fields(("a", 5L)), [FieldPath.Of("a"), FieldPath.Of("b"), FieldPath.Of("odd key.x")])], Ct);
        var document = await Store.GetAsync(path, Ct);

        Assert.Equal(["a"], document!.Fields.Keys);
        Assert.Equal(5L, document.Fields["a"]);
    }

    [Fact]
    public async Task Merge_MissingDocument_CreatesIt()
    {
        var path = NewCollection().Document("fresh");

        await Store.CommitAsync([Write.Merge(path, Fields(("a", 1L)))], Ct);

        Assert.Equal(1L, (await Store.GetAsync(path, Ct))!.Fields["a"]);
    }

    [Fact]
    public async Task Delete_MissingDocument_SucceedsUnlessItMustExist()
    {
        var path = NewCollection().Document("ghost");

        await Store.CommitAsync([Write.Delete(path)], Ct);
        var error = await Assert.ThrowsAnyAsync<StoreException>(() => Store.CommitAsync([Write.Delete(path, mustExist: true)], Ct));

        Assert.Equal(StoreErrorCode.NotFound, error.Code);
    }

    [Fact]
    public async Task Commit_OneWriteFails_NothingIsWritten()
    {
        var collection = NewCollection();
        await SeedAsync(collection, ("existing", Fields(("v", "original"))), ("taken", Fields(("v", "original"))));

        var error = await Assert.ThrowsAnyAsync<StoreException>(() => Store.CommitAsync(
        [
            Write.Set(collection.Document("first"), Fields(("v", 1L))),
            Write.Set(collection.Document("existing"), Fields(("v", "changed"))),
            Write.Create(collection.Document("taken"), Fields(("v", "again"))),
            Write.Set(collection.Document("last"), Fields(("v", 3L))),
        ], Ct));

        Assert.Equal(StoreErrorCode.AlreadyExists, error.Code);
        Assert.Null(await Store.GetAsync(collection.Document("first"), Ct));
        Assert.Null(await Store.GetAsync(collection.Document("last"), Ct));
        Assert.Equal("original", (await Store.GetAsync(collection.Document("existing"), Ct))!.Fields["v"]);
    }

    [Fact]
    public async Task Commit_CreateAfterAnotherWriteToTheSameDocument_IsInvalid()
    {
        var collection = NewCollection();

        var error = await Assert.ThrowsAnyAsync<StoreException>(() => Store.CommitAsync(
            [Write.Set(collection.Document("d"), Fields(("v", 1L))), Write.Create(collection.Document("d"), Fields(("v", 2L)))], Ct));
        await Store.CommitAsync([Write.Delete(collection.Document("e")), Write.Create(collection.Document("e"), Fields(("v", 3L)))], Ct);

        Assert.Equal(StoreErrorCode.InvalidArgument, error.Code);
        Assert.Null(await Store.GetAsync(collection.Document("d"), Ct));
        Assert.Equal(3L, (await Store.GetAsync(collection.Document("e"), Ct))!.Fields["v"]);
    }

    [Fact]
    public async Task Commit_SameDocumentTwice_AppliesWritesInOrder()
    {
        var path = NewCollection().Document("d");

        await Store.CommitAsync([Write.Set(path, Fields(("a", 1L))), Write.Merge(path, Fields(("b", 2L))), Write.Update(path, Fields(("a", 3L)))], Ct);
        var document = await Store.GetAsync(path, Ct);

        Assert.Equal(3L, document!.Fields["a"]);
        Assert.Equal(2L, document.Fields["b"]);
    }

    [Fact]
    public async Task BatchWrite_OneWriteFails_OthersLandAndFailureNamesItsPath()
    {
        var collection = NewCollection();
        await SeedAsync(collection, ("taken", Fields(("v", 0L))));

        var outcomes = await Store.BatchWriteAsync(
        [
            Write.Set(collection.Document("a"), Fields(("v", 1L))),
            Write.Create(collection.Document("taken"), Fields(("v", 2L))),
            Write.Set(collection.Document("b"), Fields(("v", 3L))),
        ], Ct);

        Assert.Equal(3, outcomes.Count);
        Assert.True(outcomes[0].Succeeded);
        Assert.False(outcomes[1].Succeeded);
        Assert.Equal(collection.Document("taken"), outcomes[1].Path);
        Assert.Equal(StoreErrorCode.AlreadyExists, outcomes[1].Error!.Code);
        Assert.True(outcomes[2].Succeeded);
        Assert.Equal(3L, (await Store.GetAsync(collection.Document("b"), Ct))!.Fields["v"]);
        Assert.Equal(0L, (await Store.GetAsync(collection.Document("taken"), Ct))!.Fields["v"]);
    }

    [Fact]
    public async Task BatchWrite_SameDocumentTwice_FailsWholeRequest()
    {
        var collection = NewCollection();

        var error = await Assert.ThrowsAnyAsync<StoreException>(() => Store.BatchWriteAsync(
            [Write.Set(collection.Document("a"), Fields(("v", 1L))), Write.Set(collection.Document("a"), Fields(("v", 2L)))], Ct));

        Assert.Equal(StoreErrorCode.InvalidArgument, error.Code);
        Assert.Null(await Store.GetAsync(collection.Document("a"), Ct));
    }

    [Fact]
    public async Task Write_DocumentOverOneMebibyte_IsRefusedWithItsPath()
    {
        var path = NewCollection().Document("huge");

        var error = await Assert.ThrowsAnyAsync<StoreException>(() =>
            Store.CommitAsync([Write.Set(path, Fields(("a", new string('x', 600_000)), ("b", new string('y', 600_000))))], Ct));

        Assert.Equal(StoreErrorCode.InvalidArgument, error.Code);
        Assert.Contains(path.Value, error.Message, StringComparison.Ordinal);
        Assert.Null(await Store.GetAsync(path, Ct));
    }

    [Fact]
    public void Write_UnsupportedValues_AreRefusedBeforeAnyRequest()
    {
        var path = CollectionPath.Of("c").Document("d");

        Assert.Throws<UnsupportedValueException>(() => Write.Set(path, Fields(("nested", new object?[] { new object?[] { 1L } }))));
        Assert.Throws<UnsupportedValueException>(() => Write.Set(path, Fields(("__reserved__", 1L))));
        Assert.Throws<UnsupportedValueException>(() => Write.Set(path, Fields(("guid", Guid.NewGuid()))));
        Assert.Throws<UnsupportedValueException>(() => Write.Set(path, Fields(("local", new DateTime(2024, 1, 1)))));
    }

    [Fact]
    public async Task Query_EqualityAndRange_MatchesOnlySameTypeValues()
    {
        var collection = NewCollection();
        await SeedAsync(collection,
            ("int5", Fields(("n", 5L))),
            ("double5", Fields(("n", 5.0))),
            ("int7", Fields(("n", 7L))),
            ("string5", Fields(("n", "5"))),
            ("null", Fields(("n", null))),
            ("missing", Fields(("other", 1L))));

        var equal = await IdsAsync(Query.Collection(collection).Where("n", FilterOperator.Equal, 5L));
        var greater = await IdsAsync(Query.Collection(collection).Where("n", FilterOperator.GreaterThan, 4.5));
        var lessOrEqual = await IdsAsync(Query.Collection(collection).Where("n", FilterOperator.LessThanOrEqual, 5L));
        var strings = await IdsAsync(Query.Collection(collection).Where("n", FilterOperator.GreaterThanOrEqual, ""));
        var nulls = await IdsAsync(Query.Collection(collection).Where("n", FilterOperator.Equal, null));
        var notNulls = await IdsAsync(Query.Collection(collection).Where("n", FilterOperator.NotEqual, null));

        Assert.Equal(["double5", "int5"], equal);
        Assert.Equal(["double5", "int5", "int7"], greater);
        Assert.Equal(["double5", "int5"], lessOrEqual);
        Assert.Equal(["string5"], strings);
        Assert.Equal(["null"], nulls);
        Assert.Equal(["double5", "int5", "int7", "string5"], notNulls);
    }

    [Fact]
    public async Task Query_NotEqualAndNotIn_ExcludeMissingAndNull()
    {
        var collection = NewCollection();
        await SeedAsync(collection,
            ("a", Fields(("s", "x"))),
            ("b", Fields(("s", "y"))),
            ("c", Fields(("s", 3L))),
            ("n", Fields(("s", null))),
            ("m", Fields(("t", 1L))));

        var notEqual = await IdsAsync(Query.Collection(collection).Where("s", FilterOperator.NotEqual, "x"));
        var notIn = await IdsAsync(Query.Collection(collection).Where("s", FilterOperator.NotIn, new object?[] { "x", "y" }));

        Assert.Equal(["c", "b"], notEqual);
        Assert.Equal(["c"], notIn);
    }

    [Fact]
    public async Task Query_InAndArrayOperators_MatchMembers()
    {
        var collection = NewCollection();
        await SeedAsync(collection,
            ("a", Fields(("status", "sent"), ("tags", new object?[] { "vip", "eu" }))),
            ("b", Fields(("status", "draft"), ("tags", new object?[] { "us" }))),
            ("c", Fields(("status", "sending"), ("tags", new object?[] { "eu", 1L }))),
            ("d", Fields(("status", "sent"))));

        var inStatus = await IdsAsync(Query.Collection(collection).Where("status", FilterOperator.In, new object?[] { "sent", "sending" }));
        var contains = await IdsAsync(Query.Collection(collection).Where("tags", FilterOperator.ArrayContains, "eu"));
        var containsAny = await IdsAsync(Query.Collection(collection).Where("tags", FilterOperator.ArrayContainsAny, new object?[] { "us", 1L }));

        Assert.Equal(["a", "c", "d"], inStatus);
        Assert.Equal(["a", "c"], contains);
        Assert.Equal(["b", "c"], containsAny);
    }

    [Fact]
    public async Task Query_UnaryFilters_MatchNullAndNan()
    {
        var collection = NewCollection();
        await SeedAsync(collection,
            ("nan", Fields(("v", double.NaN))),
            ("null", Fields(("v", null))),
            ("one", Fields(("v", 1.0))),
            ("text", Fields(("v", "x"))));

        Assert.Equal(["null"], await IdsAsync(Query.Collection(collection).Where("v", UnaryOperator.IsNull)));
        Assert.Equal(["nan"], await IdsAsync(Query.Collection(collection).Where("v", UnaryOperator.IsNan)));
        Assert.Equal(["nan", "one", "text"], await IdsAsync(Query.Collection(collection).Where("v", UnaryOperator.IsNotNull)));
    }

    [Fact]
    public async Task Query_CompositeOrAndNestedAnd_MatchEitherBranch()
    {
        var collection = NewCollection();
        await SeedAsync(collection,
            ("a", Fields(("x", 1L), ("y", "p"))),
            ("b", Fields(("x", 2L), ("y", "q"))),
            ("c", Fields(("x", 3L), ("y", "p"))),
            ("d", Fields(("x", 4L), ("y", "r"))));
        var filter = new CompositeFilter(CompositeOperator.Or,
        [
            new FieldFilter("x", FilterOperator.Equal, 2L),
            new CompositeFilter(CompositeOperator.And, [new FieldFilter("y", FilterOperator.Equal, "p"), new FieldFilter("x", FilterOperator.Equal, 3L)]),
        ]);

        var ids = await IdsAsync(Query.Collection(collection).Where(filter));

        Assert.Equal(["b", "c"], ids);
    }

    [Fact]
    public async Task Query_OrderBy_SortsAcrossTypesAndExcludesDocumentsWithoutTheField()
    {
        var collection = NewCollection();
        await SeedAsync(collection,
            ("map", Fields(("v", new Dictionary<string, object?> { ["a"] = 1L }))),
            ("array", Fields(("v", new object?[] { 1L }))),
            ("geo", Fields(("v", new GeoPoint(1, 2)))),
            ("ref", Fields(("v", DocumentPath.Of("a", "b")))),
            ("bytes", Fields(("v", new byte[] { 1 }))),
            ("string", Fields(("v", "s"))),
            ("time", Fields(("v", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)))),
            ("double", Fields(("v", 1.5))),
            ("int", Fields(("v", 1L))),
            ("nan", Fields(("v", double.NaN))),
            ("bool", Fields(("v", false))),
            ("null", Fields(("v", null))),
            ("missing", Fields(("w", 1L))));

        var ascending = await IdsAsync(Query.Collection(collection).OrderByField("v"));
        var descending = await IdsAsync(Query.Collection(collection).OrderByField("v", Direction.Descending));

        string[] expected = ["null", "bool", "nan", "int", "double", "time", "string", "bytes", "ref", "geo", "array", "map"];
        Assert.Equal(expected, ascending);
        Assert.Equal(expected.Reverse(), descending);
    }

    [Fact]
    public async Task Query_StringOrder_IsUtf8ByteOrderNotUtf16()
    {
        var collection = NewCollection();
        await SeedAsync(collection,
            ("emoji", Fields(("s", "😀"))),
            ("private", Fields(("s", "\uFFFD"))),
            ("ascii", Fields(("s", "z"))),
            ("accent", Fields(("s", "é"))));

        var ids = await IdsAsync(Query.Collection(collection).OrderByField("s"));

        Assert.Equal(["ascii", "accent", "private", "emoji"], ids);
    }

    [Fact]
    public async Task Query_TiesOnOrderField_BreakByDocumentNameInLastDirection()
    {
        var collection = NewCollection();
        await SeedAsync(collection, ("b", Fields(("v", 1L))), ("a", Fields(("v", 1L))), ("c", Fields(("v", 0L))));

        var descending = await IdsAsync(Query.Collection(collection).OrderByField("v", Direction.Descending));

        Assert.Equal(["b", "a", "c"], descending);
    }

    [Fact]
    public async Task Query_InequalityWithoutOrderBy_OrdersByThatField()
    {
        var collection = NewCollection();
        await SeedAsync(collection, ("a", Fields(("v", 3L))), ("b", Fields(("v", 1L))), ("c", Fields(("v", 2L))));

        var ids = await IdsAsync(Query.Collection(collection).Where("v", FilterOperator.GreaterThan, 0L));

        Assert.Equal(["b", "c", "a"], ids);
    }

    [Fact]
    public async Task Query_LimitAndCursors_SelectTheRightWindow()
    {
        var collection = NewCollection();
        await SeedAsync(collection, Enumerable.Range(1, 6).Select(i => ($"d{i}", Fields(("n", (long)i)))).ToArray());
        var ordered = Query.Collection(collection).OrderByField("n");

        Assert.Equal(["d3", "d4", "d5", "d6"], await IdsAsync(ordered.StartAtValues(3L)));
        Assert.Equal(["d4", "d5", "d6"], await IdsAsync(ordered.StartAfterValues(3L)));
        Assert.Equal(["d1", "d2", "d3"], await IdsAsync(ordered.EndAtValues(3L)));
        Assert.Equal(["d1", "d2"], await IdsAsync(ordered.EndBeforeValues(3L)));
        Assert.Equal(["d2", "d3"], await IdsAsync(ordered.StartAfterValues(1L).WithLimit(2)));
        Assert.Equal(["d5", "d4"], await IdsAsync(Query.Collection(collection).OrderByField("n", Direction.Descending).StartAfterValues(6L).WithLimit(2)));
    }

    [Fact]
    public async Task Query_StartAfterDocument_PagesThroughEverythingOnce()
    {
        var collection = NewCollection();
        await SeedAsync(collection, Enumerable.Range(0, 25).Select(i => ($"d{i:D2}", Fields(("bucket", (long)(i % 3))))).ToArray());
        var query = Query.Collection(collection).OrderByField("bucket").WithLimit(7);
        var seen = new List<string>();

        Document? last = null;
        while (true)
        {
            var page = await ToListAsync(last is null ? query : query.StartAfterDocument(last));
            seen.AddRange(page.Select(d => d.Id));
            if (page.Count < 7)
            {
                break;
            }

            last = page[^1];
        }

        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Distinct().Count());
        var expected = Enumerable.Range(0, 25).OrderBy(i => i % 3).ThenBy(i => i).Select(i => $"d{i:D2}");
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Query_LargeResult_StreamsEveryDocumentInNameOrder()
    {
        var collection = NewCollection();
        const int count = 2_600;
        for (var start = 0; start < count; start += 500)
        {
            await Store.CommitAsync(Enumerable.Range(start, Math.Min(500, count - start))
                .Select(i => Write.Set(collection.Document($"doc{i:D5}"), Fields(("i", (long)i)))).ToList(), Ct);
        }

        var seen = 0L;
        var previous = -1L;
        await foreach (var document in Store.QueryAsync(Query.Collection(collection), Ct))
        {
            var i = (long)document.Fields["i"]!;
            Assert.True(i > previous);
            previous = i;
            seen++;
        }

        Assert.Equal(count, seen);
    }

    [Fact]
    public async Task Query_Select_ReturnsOnlyListedFields()
    {
        var collection = NewCollection();
        await SeedAsync(collection, ("a", Fields(("x", 1L), ("y", 2L), ("m", new Dictionary<string, object?> { ["p"] = 1L, ["q"] = 2L }))));

        var selected = (await ToListAsync(Query.Collection(collection).SelectFields("x", FieldPath.Of("m", "q")))).Single();
        var namesOnly = (await ToListAsync(Query.Collection(collection).SelectFields())).Single();

        Assert.Equal(["m", "x"], selected.Fields.Keys.Order());
        Assert.Equal(["q"], ((IReadOnlyDictionary<string, object?>)selected.Fields["m"]!).Keys);
        Assert.Empty(namesOnly.Fields);
        Assert.Equal(collection.Document("a"), namesOnly.Path);
    }

    [Fact]
    public async Task Query_SelectWithFilterAndOrderOnOtherFields_FiltersAndOrdersByThem()
    {
        var collection = NewCollection();
        await SeedAsync(collection,
            ("a", Fields(("x", 1L), ("rank", 3L), ("kind", "keep"), ("big", new Dictionary<string, object?> { ["n"] = new List<object?> { 1L, "two" } }))),
            ("b", Fields(("x", 2L), ("rank", 1L), ("kind", "keep"))),
            ("c", Fields(("x", 3L), ("rank", 2L), ("kind", "drop"))));

        var results = await ToListAsync(Query.Collection(collection)
            .Where(FieldPath.Of("kind"), FilterOperator.Equal, "keep")
            .OrderByField(FieldPath.Of("rank"))
            .SelectFields("x"));

        Assert.Equal(["b", "a"], results.Select(d => d.Id));
        Assert.All(results, d => Assert.Equal(["x"], d.Fields.Keys));
        Assert.Equal([2L, 1L], results.Select(d => (long)d.Fields["x"]!));
    }

    [Fact]
    public async Task Query_NestedFieldAndEscapedNames_FilterCorrectly()
    {
        var collection = NewCollection();
        await SeedAsync(collection,
            ("a", Fields(("utm", new Dictionary<string, object?> { ["source"] = "klaviyo" }), ("odd name`x", 1L))),
            ("b", Fields(("utm", new Dictionary<string, object?> { ["source"] = "google" }), ("odd name`x", 2L))));

        var nested = await IdsAsync(Query.Collection(collection).Where(FieldPath.Of("utm", "source"), FilterOperator.Equal, "klaviyo"));
        var escaped = await IdsAsync(Query.Collection(collection).Where(FieldPath.Of("odd name`x"), FilterOperator.GreaterThan, 1L));

        Assert.Equal(["a"], nested);
        Assert.Equal(["b"], escaped);
    }

    [Fact]
    public async Task Query_CollectionGroup_FindsSameIdUnderEveryParentBelowTheGivenDocument()
    {
        var root = NewCollection();
        var dayId = "2024-12-25";
        await Store.CommitAsync(
        [
            Write.Set(root.Document("c1").Collection(dayId).Document("e1"), Fields(("v", 1L))),
            Write.Set(root.Document("c2").Collection(dayId).Document("e2"), Fields(("v", 2L))),
            Write.Set(root.Document("c2").Collection("2024-12-26").Document("e3"), Fields(("v", 3L))),
            Write.Set(root.Document("c2").Collection("x").Document("y").Collection(dayId).Document("e4"), Fields(("v", 4L))),
        ], Ct);

        var underC2 = await ToListAsync(Query.CollectionGroup(dayId, root.Document("c2")));
        var underRoot = await ToListAsync(Query.CollectionGroup(dayId, root.Document("c1")));

        Assert.Equal(["e2", "e4"], underC2.Select(d => d.Id));
        Assert.Equal(["e1"], underRoot.Select(d => d.Id));
    }

    [Fact]
    public async Task Aggregate_CountSumAverage_FollowFirestoreTyping()
    {
        var collection = NewCollection();
        await SeedAsync(collection,
            ("a", Fields(("n", 1L), ("x", 1.5), ("k", "in"))),
            ("b", Fields(("n", 2L), ("x", "text"), ("k", "in"))),
            ("c", Fields(("n", 4L), ("x", 2.5), ("k", "in"))),
            ("d", Fields(("n", 100L), ("k", "out"))));
        var query = Query.Collection(collection).Where("k", FilterOperator.Equal, "in");

        var result = await Store.AggregateAsync(query,
            [Aggregation.Count(), Aggregation.Sum("n", "sumN"), Aggregation.Sum("x", "sumX"), Aggregation.Average("n", "avgN"), Aggregation.Average("x", "avgX")], Ct);

        Assert.Equal(3L, result.Values["count"]);
        Assert.Equal(7L, result.Values["sumN"]);
        Assert.Equal(4.0, result.Values["sumX"]);
        Assert.Equal(7.0 / 3.0, (double)result.Values["avgN"]!, 12);
        Assert.Equal(2.0, result.Values["avgX"]);
    }

    [Fact]
    public async Task Aggregate_EmptyResult_CountZeroSumZeroAverageNull()
    {
        var collection = NewCollection();

        var result = await Store.AggregateAsync(Query.Collection(collection),
            [Aggregation.Count(), Aggregation.Sum("n"), Aggregation.Average("n")], Ct);

        Assert.Equal(0L, result.Values["count"]);
        Assert.Equal(0L, result.Values["sum"]);
        Assert.Null(result.Values["avg"]);
    }

    [Fact]
    public async Task Aggregate_CountUpTo_StopsAtTheBound()
    {
        var collection = NewCollection();
        await SeedAsync(collection, Enumerable.Range(0, 12).Select(i => ($"d{i}", Fields(("i", (long)i)))).ToArray());

        var result = await Store.AggregateAsync(Query.Collection(collection), [Aggregation.Count("capped", upTo: 5), Aggregation.Count("all")], Ct);

        Assert.Equal(5L, result.Values["capped"]);
        Assert.Equal(12L, result.Values["all"]);
    }

    [Fact]
    public async Task ListCollectionIds_UnderPhantomParent_ListsSortedIds()
    {
        var parent = NewCollection().Document("phantom");
        await Store.CommitAsync(
        [
            Write.Set(parent.Collection("orders").Document("o1"), Fields(("v", 1L))),
            Write.Set(parent.Collection("campaigns").Document("c1"), Fields(("v", 1L))),
            Write.Set(parent.Collection("daily").Document("orders").Collection("2024-01-01").Document("e"), Fields(("v", 1L))),
        ], Ct);

        var ids = await Store.ListCollectionIdsAsync(parent, Ct);

        Assert.Null(await Store.GetAsync(parent, Ct));
        Assert.Equal(["campaigns", "daily", "orders"], ids);
    }

    [Fact]
    public async Task DeleteTree_Document_RemovesItAndAllDescendantsOnly()
    {
        var root = NewCollection();
        var client = root.Document("client");
        var sibling = root.Document("sibling");
        await Store.CommitAsync(
        [
            Write.Set(client, Fields(("v", 1L))),
            Write.Set(client.Collection("orders").Document("o1"), Fields(("v", 1L))),
            Write.Set(client.Collection("orders").Document("o2"), Fields(("v", 1L))),
            Write.Set(client.Collection("daily").Document("orders").Collection("2024-01-01").Document("o1"), Fields(("v", 1L))),
            Write.Set(sibling, Fields(("v", 1L))),
            Write.Set(sibling.Collection("orders").Document("o1"), Fields(("v", 1L))),
        ], Ct);

        var deleted = await Store.DeleteTreeAsync(client, Ct);

        Assert.Equal(4, deleted);
        Assert.Null(await Store.GetAsync(client, Ct));
        Assert.Empty(await Store.ListCollectionIdsAsync(client, Ct));
        Assert.NotNull(await Store.GetAsync(sibling.Collection("orders").Document("o1"), Ct));
    }

    [Fact]
    public async Task DeleteTree_Collection_RemovesEveryDocumentBelowIt()
    {
        var root = NewCollection();
        await Store.CommitAsync(
        [
            Write.Set(root.Document("a"), Fields(("v", 1L))),
            Write.Set(root.Document("a").Collection("sub").Document("x"), Fields(("v", 1L))),
            Write.Set(root.Document("b"), Fields(("v", 1L))),
        ], Ct);

        var deleted = await Store.DeleteTreeAsync(root, Ct);

        Assert.Equal(3, deleted);
        Assert.Empty(await ToListAsync(Query.Collection(root)));
        Assert.Empty(await ToListAsync(Query.Collection(root.Document("a").Collection("sub"))));
    }

    [Fact]
    public async Task BulkWriter_ManyWrites_AllLandAndAreCounted()
    {
        var collection = NewCollection();
        await using var writer = Store.CreateBulkWriter();

        for (var i = 0; i < 3_000; i++)
        {
            await writer.AddAsync(Write.Set(collection.Document($"o{i:D5}"), Fields(("i", (long)i), ("value", i * 1.25))), Ct);
        }

        var summary = await writer.CloseAsync(Ct);
        var result = await Store.AggregateAsync(Query.Collection(collection), [Aggregation.Count(), Aggregation.Sum("i")], Ct);

        Assert.True(summary.AllSucceeded);
        Assert.Equal(3_000, summary.Succeeded);
        Assert.Equal(3_000L, result.Values["count"]);
        Assert.Equal(2_999L * 3_000 / 2, result.Values["sum"]);
    }

    [Fact]
    public async Task BulkWriter_PermanentFailure_IsReportedWithItsPathAndOthersLand()
    {
        var collection = NewCollection();
        await SeedAsync(collection, ("taken", Fields(("v", 0L))));
        await using var writer = Store.CreateBulkWriter();

        await writer.AddAsync(Write.Set(collection.Document("a"), Fields(("v", 1L))), Ct);
        await writer.AddAsync(Write.Create(collection.Document("taken"), Fields(("v", 2L))), Ct);
        await writer.AddAsync(Write.Set(collection.Document("b"), Fields(("v", 3L))), Ct);
        var summary = await writer.CloseAsync(Ct);

        Assert.Equal(2, summary.Succeeded);
        var failure = Assert.Single(summary.Failures);
        Assert.Equal(collection.Document("taken"), failure.Path);
        Assert.Equal(StoreErrorCode.AlreadyExists, failure.Error!.Code);
        Assert.NotNull(await Store.GetAsync(collection.Document("b"), Ct));
    }

    [Fact]
    public async Task BulkWriter_SameDocumentSeveralTimes_LastWriteWins()
    {
        var path = NewCollection().Document("d");
        await using var writer = Store.CreateBulkWriter();

        for (var i = 0; i < 5; i++)
        {
            await writer.AddAsync(Write.Set(path, Fields(("v", (long)i))), Ct);
        }

        var summary = await writer.CloseAsync(Ct);

        Assert.Equal(5, summary.Succeeded);
        Assert.Equal(4L, (await Store.GetAsync(path, Ct))!.Fields["v"]);
    }

    [Fact]
    public async Task CheckHealth_ReachableStore_IsHealthyAndDescribed()
    {
        var health = await Store.CheckHealthAsync(Ct);

        Assert.True(health.Healthy, health.Error);
        Assert.False(string.IsNullOrWhiteSpace(Store.Description.Provider));
        Assert.False(string.IsNullOrWhiteSpace(Store.Description.Target));
    }
}
