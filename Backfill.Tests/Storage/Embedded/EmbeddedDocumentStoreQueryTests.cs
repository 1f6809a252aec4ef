using Backfill.Services.Storage;

namespace Backfill.Tests.Storage.Embedded;

/// <summary>
/// Query semantics. The expected results of the mixed-type cases were recorded from the Firestore emulator
/// (cloud-firestore-emulator 1.19.9) with the same documents, so they pin Firestore's behaviour.
/// </summary>
public sealed class EmbeddedDocumentStoreQueryTests : EmbeddedStoreTestBase
{
    private static readonly CollectionPath C = CollectionPath.Of("c");
    private static readonly Query Base = Query.Collection(C);
    private static readonly object?[] ArrayValue = [1L, null, double.NaN];

    private static readonly Dictionary<string, (Query Query, string[] Expected)> Cases = new()
    {
        ["x < 5"] = (Base.Where("x", FilterOperator.LessThan, 5), ["ninf", "negzero", "zero", "dbl1", "int1"]),
        ["x <= -Infinity"] = (Base.Where("x", FilterOperator.LessThanOrEqual, double.NegativeInfinity), ["ninf"]),
        ["x > NaN"] = (Base.Where("x", FilterOperator.GreaterThan, double.NaN), []),
        ["x >= NaN"] = (Base.Where("x", FilterOperator.GreaterThanOrEqual, double.NaN), []),
        ["x <= NaN"] = (Base.Where("x", FilterOperator.LessThanOrEqual, double.NaN), []),
        // Raw REST comparisons with null/NaN (Query.Where turns these into unary filters, as the SDKs do).
        ["x == NaN"] = (Base.Where(new FieldFilter("x", FilterOperator.Equal, double.NaN)), []),
        ["x == null"] = (Base.Where(new FieldFilter("x", FilterOperator.Equal, null)), []),
        ["x == 0"] = (Base.Where("x", FilterOperator.Equal, 0), ["negzero", "zero"]),
        ["x == 1.0"] = (Base.Where("x", FilterOperator.Equal, 1.0), ["dbl1", "int1"]),
        ["x != 1"] = (Base.Where("x", FilterOperator.NotEqual, 1), ["bool", "nan", "ninf", "negzero", "zero", "str", "arr"]),
        ["x != NaN"] = (Base.Where(new FieldFilter("x", FilterOperator.NotEqual, double.NaN)), ["bool", "nan", "ninf", "negzero", "zero", "dbl1", "int1", "str", "arr"]),
        ["x != null"] = (Base.Where(new FieldFilter("x", FilterOperator.NotEqual, null)), []),
        ["x in [1.0, null, NaN]"] = (Base.Where("x", FilterOperator.In, new object?[] { 1.0, null, double.NaN }), ["dbl1", "int1"]),
        ["x not-in [1, NaN]"] = (Base.Where("x", FilterOperator.NotIn, new object?[] { 1.0, double.NaN }), ["bool", "nan", "ninf", "negzero", "zero", "str", "arr"]),
        ["x not-in [1, null]"] = (Base.Where("x", FilterOperator.NotIn, new object?[] { 1.0, null }), []),
        ["x array-contains NaN"] = (Base.Where("x", FilterOperator.ArrayContains, double.NaN), []),
        ["x array-contains 1.0"] = (Base.Where("x", FilterOperator.ArrayContains, 1.0), ["arr"]),
        ["x array-contains null"] = (Base.Where("x", FilterOperator.ArrayContains, null), []),
        ["x array-contains-any [null, NaN]"] = (Base.Where("x", FilterOperator.ArrayContainsAny, new object?[] { null, double.NaN }), []),
        ["x < null"] = (Base.Where("x", FilterOperator.LessThan, null), []),
        ["x >= null"] = (Base.Where("x", FilterOperator.GreaterThanOrEqual, null), []),
        ["x < 'b'"] = (Base.Where("x", FilterOperator.LessThan, "b"), ["str"]),
        ["x == [1, null, NaN]"] = (Base.Where("x", FilterOperator.Equal, ArrayValue), ["arr"]),
        ["x == [1, null]"] = (Base.Where("x", FilterOperator.Equal, new object?[] { 1, null }), []),
        ["x in [[1, null, NaN]]"] = (Base.Where("x", FilterOperator.In, new object?[] { ArrayValue }), ["arr"]),
        ["x is null"] = (Base.Where("x", UnaryOperator.IsNull), ["null"]),
        ["x is nan"] = (Base.Where("x", UnaryOperator.IsNan), ["nan"]),
        ["x is not null"] = (Base.Where("x", UnaryOperator.IsNotNull), ["bool", "nan", "ninf", "negzero", "zero", "dbl1", "int1", "str", "arr"]),
        ["x is not nan"] = (Base.Where("x", UnaryOperator.IsNotNan), ["bool", "ninf", "negzero", "zero", "dbl1", "int1", "str", "arr"]),
        ["order by x"] = (Base.OrderByField("x"), ["null", "bool", "nan", "ninf", "negzero", "zero", "dbl1", "int1", "str", "arr"]),
        ["order by x desc"] = (Base.OrderByField("x", Direction.Descending), ["arr", "str", "int1", "dbl1", "zero", "negzero", "ninf", "nan", "bool", "null"]),
        ["order by x, start after 1"] = (Base.OrderByField("x").StartAfterValues(1), ["str", "arr"]),
        ["order by x, start at 'a'"] = (Base.OrderByField("x").StartAtValues("a"), ["str", "arr"]),
        ["order by x, start at 0, limit 3"] = (Base.OrderByField("x").StartAtValues(0).WithLimit(3), ["negzero", "zero", "dbl1"]),
        ["order by x, end at 0"] = (Base.OrderByField("x").EndAtValues(0), ["null", "bool", "nan", "ninf", "negzero", "zero"]),
        ["order by x desc, start at 1"] = (Base.OrderByField("x", Direction.Descending).StartAtValues(1), ["int1", "dbl1", "zero", "negzero", "ninf", "nan", "bool", "null"]),
        ["order by x, start at NaN, end before 0"] = (Base.OrderByField("x").StartAtValues(double.NaN).EndBeforeValues(0), ["nan", "ninf"]),
        ["order by x, start after null"] = (Base.OrderByField("x").StartAfterValues([null]), ["bool", "nan", "ninf", "negzero", "zero", "dbl1", "int1", "str", "arr"]),
        ["order by name, start at c/int1/e/f"] = (Base.OrderByField(FieldPath.DocumentId).StartAtValues(DocumentPath.Parse("c/int1/e/f")), ["missing", "nan", "negzero", "ninf", "null", "str", "zero"]),
        ["order by name, start after c/nan"] = (Base.OrderByField(FieldPath.DocumentId).StartAfterValues(DocumentPath.Parse("c/nan")), ["negzero", "ninf", "null", "str", "zero"]),
        ["order by name, start at d/int1"] = (Base.OrderByField(FieldPath.DocumentId).StartAtValues(DocumentPath.Parse("d/int1")), []),
        ["name == c/int1"] = (Base.Where(FieldPath.DocumentId, FilterOperator.Equal, DocumentPath.Parse("c/int1")), ["int1"]),
        ["name > b/x"] = (Base.Where(FieldPath.DocumentId, FilterOperator.GreaterThan, DocumentPath.Parse("b/x")), ["arr", "bool", "dbl1", "int1", "missing", "nan", "negzero", "ninf", "null", "str", "zero"]),
        ["name in [c/int1, c/zero]"] = (Base.Where(FieldPath.DocumentId, FilterOperator.In, new object?[] { DocumentPath.Parse("c/int1"), DocumentPath.Parse("c/zero") }), ["int1", "zero"]),
        ["name == d/int1"] = (Base.Where(FieldPath.DocumentId, FilterOperator.Equal, DocumentPath.Parse("d/int1")), []),
        ["x > 0 and y > 0"] = (Base.Where("x", FilterOperator.GreaterThan, 0).Where("y", FilterOperator.GreaterThan, 0), []),
        ["x == 1 or x is nan"] = (Base.Where(new CompositeFilter(CompositeOperator.Or, [new FieldFilter("x", FilterOperator.Equal, 1L), new UnaryFilter("x", UnaryOperator.IsNan)])), ["dbl1", "int1", "nan"]),
        ["empty and"] = (Base.Where(new CompositeFilter(CompositeOperator.And, [])).Where("x", FilterOperator.Equal, 0), ["negzero", "zero"]),
        ["x > 1 or y == 1 (missing x excluded by the implicit order)"] = (Base.Where(new CompositeFilter(CompositeOperator.Or, [new FieldFilter("x", FilterOperator.GreaterThan, 0L), new FieldFilter("y", FilterOperator.Equal, 1L)])), ["dbl1", "int1"]),
        ["x > 0 or y < NaN (a filter that matches nothing adds no implicit order)"] = (Base.Where(new CompositeFilter(CompositeOperator.Or, [new FieldFilter("x", FilterOperator.GreaterThan, 0L), new FieldFilter("y", FilterOperator.LessThan, double.NaN)])), ["dbl1", "int1"]),
        ["x == 1 or y != null"] = (Base.Where(new CompositeFilter(CompositeOperator.Or, [new FieldFilter("x", FilterOperator.Equal, 1L), new FieldFilter("y", FilterOperator.NotEqual, null)])), ["dbl1", "int1"]),
        ["x == 1 or y != NaN (live, so ordered by y)"] = (Base.Where(new CompositeFilter(CompositeOperator.Or, [new FieldFilter("x", FilterOperator.Equal, 1L), new FieldFilter("y", FilterOperator.NotEqual, double.NaN)])), ["missing"]),
        ["limit 0"] = (Base with { Limit = 0 }, []),
        ["limit 2"] = (Base.WithLimit(2), ["arr", "bool"]),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task QueryAsync_MixedTypes_MatchesFirestore(string name)
    {
        await SeedMixedTypesAsync();
        var (query, expected) = Cases[name];

        var ids = await IdsAsync(query);

        Assert.Equal(expected.Select(id => "c/" + id), ids);
    }

    [Fact]
    public async Task QueryAsync_NoOrder_ReturnsNameOrderInUtf8ByteOrder()
    {
        // UTF-16 order would put U+1F600 (a surrogate pair) before U+FF5E; Firestore orders names by UTF-8 bytes.
        foreach (var id in new[] { "😀", "～", "é", "a", "Z", "a b", "ab" })
        {
            await SetAsync($"c/{id}", ("n", 1));
        }

        var ids = await IdsAsync(Base);

        Assert.Equal(new[] { "Z", "a", "a b", "ab", "é", "～", "😀" }.Select(id => "c/" + id), ids);
    }

    [Fact]
    public async Task QueryAsync_CollectionQuery_OnlyDirectChildrenOfThatParent()
    {
        await SetAsync("c/a", ("n", 1));
        await SetAsync("c/a/c/b", ("n", 1));
        await SetAsync("cc/x", ("n", 1));
        await SetAsync("p/1/c/z", ("n", 1));

        Assert.Equal(["c/a"], await IdsAsync(Base));
        Assert.Equal(["c/a/c/b"], await IdsAsync(Query.Collection(CollectionPath.Parse("c/a/c"))));
    }

    [Fact]
    public async Task QueryAsync_CollectionGroup_FindsEveryCollectionOfThatIdBelowTheParent()
    {
        await SetAsync("users/u1/2024-12-25/e1", ("n", 1));
        await SetAsync("users/u2/2024-12-25/e2", ("n", 2));
        await SetAsync("users/u2/2024-12-25/e2/2024-12-25/deep", ("n", 3));
        await SetAsync("users/u2/2024-12-26/e3", ("n", 4));
        await SetAsync("2024-12-25/root", ("n", 5));
        await SetAsync("users2/u1/2024-12-25/other", ("n", 6));

        var all = await IdsAsync(Query.CollectionGroup("2024-12-25"));
        var underU2 = await IdsAsync(Query.CollectionGroup("2024-12-25", DocumentPath.Parse("users/u2")));
        var underUsers = await IdsAsync(Query.CollectionGroup("2024-12-25", DocumentPath.Parse("users/u1")).Where("n", FilterOperator.GreaterThan, 0));

        Assert.Equal(["2024-12-25/root", "users/u1/2024-12-25/e1", "users/u2/2024-12-25/e2", "users/u2/2024-12-25/e2/2024-12-25/deep", "users2/u1/2024-12-25/other"], all);
        Assert.Equal(["users/u2/2024-12-25/e2", "users/u2/2024-12-25/e2/2024-12-25/deep"], underU2);
        Assert.Equal(["users/u1/2024-12-25/e1"], underUsers);
    }

    [Fact]
    public async Task QueryAsync_OrderByMissingField_ExcludesDocumentsWithoutIt()
    {
        await SetAsync("c/a", ("n", 2));
        await SetAsync("c/b", ("m", 1));
        await SetAsync("c/c", ("n", null));

        Assert.Equal(["c/c", "c/a"], await IdsAsync(Base.OrderByField("n")));
    }

    [Fact]
    public async Task QueryAsync_InequalityWithoutOrder_OrdersByInequalityFieldsThenName()
    {
        await SetAsync("c/a", ("n", 3), ("m", 1));
        await SetAsync("c/b", ("n", 1), ("m", 2));
        await SetAsync("c/c", ("n", 1), ("m", 1));

        var filtered = Base.Where("n", FilterOperator.GreaterThan, 0).Where("m", FilterOperator.GreaterThan, 0);

        Assert.Equal(["c/c", "c/a", "c/b"], await IdsAsync(filtered));
        Assert.Equal(["c/c", "c/b", "c/a"], await IdsAsync(filtered.OrderByField("n")));
        Assert.Equal(["c/a", "c/b", "c/c"], await IdsAsync(filtered.OrderByField("n", Direction.Descending)));
    }

    [Fact]
    public async Task QueryAsync_KeysetPaging_VisitsEveryDocumentOnce()
    {
        for (var i = 0; i < 25; i++)
        {
            await SetAsync($"c/d{i:00}", ("k", i % 4));
        }

        var query = Base.OrderByField("k", Direction.Descending).WithLimit(7);
        var seen = new List<string>();
        Document? last = null;
        while (true)
        {
            var page = await ListAsync(last is null ? query : query.StartAfterDocument(last));
            seen.AddRange(page.Select(d => d.Path.Value));
            if (page.Count < 7)
            {
                break;
            }

            last = page[^1];
        }

        var expected = Enumerable.Range(0, 25).OrderByDescending(i => i % 4).ThenByDescending(i => i).Select(i => $"c/d{i:00}");
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task QueryAsync_NameOrderPaging_UsesCursorDocument()
    {
        for (var i = 0; i < 10; i++)
        {
            await SetAsync($"c/d{i}", ("k", i));
        }

        var page = await IdsAsync(Base.WithLimit(3).StartAfterValues(DocumentPath.Parse("c/d4")));
        var descending = await IdsAsync(Base.OrderByField(FieldPath.DocumentId, Direction.Descending).StartAtValues(DocumentPath.Parse("c/d4")).EndBeforeValues(DocumentPath.Parse("c/d1")));

        Assert.Equal(["c/d5", "c/d6", "c/d7"], page);
        Assert.Equal(["c/d4", "c/d3", "c/d2"], descending);
    }

    [Fact]
    public async Task QueryAsync_CursorWithFewerValuesThanOrdering_ComparesPrefix()
    {
        await SetAsync("c/a", ("k", 1), ("j", 1));
        await SetAsync("c/b", ("k", 2), ("j", 1));
        await SetAsync("c/c", ("k", 2), ("j", 2));
        await SetAsync("c/d", ("k", 3), ("j", 0));

        Assert.Equal(["c/b", "c/c", "c/d"], await IdsAsync(Base.OrderByField("k").OrderByField("j").StartAtValues(2)));
        Assert.Equal(["c/d"], await IdsAsync(Base.OrderByField("k").OrderByField("j").StartAfterValues(2)));
        Assert.Equal(["c/c", "c/d"], await IdsAsync(Base.OrderByField("k").OrderByField("j").StartAfterValues(2, 1)));
        Assert.Equal(["c/a", "c/b", "c/c"], await IdsAsync(Base.OrderByField("k").OrderByField("j").EndAtValues(2)));
    }

    [Fact]
    public async Task QueryAsync_LimitWithFieldOrder_KeepsTopK()
    {
        for (var i = 0; i < 100; i++)
        {
            await SetAsync($"c/d{i:000}", ("k", (i * 37) % 100));
        }

        var ids = await IdsAsync(Base.OrderByField("k", Direction.Descending).WithLimit(3));

        Assert.Equal(new[] { 99, 98, 97 }.Select(k => $"c/d{Enumerable.Range(0, 100).Single(i => (i * 37) % 100 == k):000}"), ids);
    }

    [Fact]
    public async Task QueryAsync_Select_KeepsOnlyListedFieldsAndEmptyKeepsNone()
    {
        await SetAsync("c/a", ("b", 1), ("c", new Dictionary<string, object?> { ["x"] = 1, ["z"] = 3 }), ("d", 4));

        var selected = (await ListAsync(Base.SelectFields("c.z", "b", "nope"))).Single();
        var namesOnly = (await ListAsync(Base.SelectFields())).Single();

        Assert.Equal(["b", "c"], selected.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.True(StoreValues.ValueEquals(new Dictionary<string, object?> { ["z"] = 3L }, selected.Fields["c"]));
        Assert.Empty(namesOnly.Fields);
        Assert.Equal("c/a", namesOnly.Path.Value);
    }

    [Fact]
    public async Task QueryAsync_ArrayContainsAny_MatchesAnyElement()
    {
        await SetAsync("c/a", ("tags", new[] { "x", "y" }));
        await SetAsync("c/b", ("tags", new[] { "z" }));
        await SetAsync("c/c", ("tags", "x"));

        Assert.Equal(["c/a", "c/b"], await IdsAsync(Base.Where("tags", FilterOperator.ArrayContainsAny, new[] { "y", "z" })));
    }

    [Fact]
    public async Task QueryAsync_TypesInFirestoreOrder_SortsAcrossTypes()
    {
        var values = new object?[]
        {
            null, false, true, double.NaN, double.NegativeInfinity, -5L, 0.5, 7L, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), "", "a",
            new byte[] { 0 }, DocumentPath.Parse("a/b"), new GeoPoint(1, 2), new object?[] { 1 }, new Dictionary<string, object?> { ["a"] = 1 },
        };
        for (var i = 0; i < values.Length; i++)
        {
            await SetAsync($"c/d{values.Length - i:00}", ("v", values[i]));
        }

        var documents = await ListAsync(Base.OrderByField("v"));

        Assert.Equal(Enumerable.Range(0, values.Length).Select(i => $"c/d{values.Length - i:00}"), documents.Select(d => d.Path.Value));
    }

    public static TheoryData<string> InvalidQueryNames => new(InvalidQueries.Keys);

    private static readonly Dictionary<string, Query> InvalidQueries = new()
    {
        ["in with 31 values"] = Base.Where("x", FilterOperator.In, Enumerable.Range(0, 31).ToArray()),
        ["not-in with 11 values"] = Base.Where("x", FilterOperator.NotIn, Enumerable.Range(0, 11).ToArray()),
        ["array-contains-any with 31 values"] = Base.Where("x", FilterOperator.ArrayContainsAny, Enumerable.Range(0, 31).ToArray()),
        ["in with an empty list"] = Base.Where("x", FilterOperator.In, Array.Empty<int>()),
        ["array-contains-any with an empty list"] = Base.Where("x", FilterOperator.ArrayContainsAny, Array.Empty<int>()),
        ["in with a scalar"] = Base.Where("x", FilterOperator.In, 1),
        ["two not-equals"] = Base.Where("x", FilterOperator.NotEqual, 1).Where("y", FilterOperator.NotEqual, 1),
        ["not-equal and is-not-null"] = Base.Where("x", FilterOperator.NotEqual, 1).Where("y", UnaryOperator.IsNotNull),
        ["not-in with in"] = Base.Where("x", FilterOperator.In, new[] { 1 }).Where("y", FilterOperator.NotIn, new[] { 1 }),
        ["not-in with or"] = Base.Where(new CompositeFilter(CompositeOperator.Or, [new FieldFilter("x", FilterOperator.Equal, 1L), new FieldFilter("y", FilterOperator.NotIn, new List<object?> { 1L })])),
        ["two array-contains"] = Base.Where("x", FilterOperator.ArrayContains, 1).Where("y", FilterOperator.ArrayContains, 1),
        ["array-contains with array-contains-any"] = Base.Where("x", FilterOperator.ArrayContains, 1).Where("y", FilterOperator.ArrayContainsAny, new[] { 1 }),
        ["31 disjunctions"] = Base.Where(new CompositeFilter(CompositeOperator.Or, Enumerable.Range(0, 31).Select(i => (Filter)new FieldFilter("x", FilterOperator.Equal, (long)i)).ToArray())),
        ["in 20 or in 11"] = Base.Where(new CompositeFilter(CompositeOperator.Or, [new FieldFilter("x", FilterOperator.In, Enumerable.Range(0, 20).Select(i => (object?)(long)i).ToList()), new FieldFilter("y", FilterOperator.In, Enumerable.Range(0, 11).Select(i => (object?)(long)i).ToList())])),
        ["negative limit"] = Base with { Limit = -1 },
        ["duplicate order by"] = Base.OrderByField("x").OrderByField("x"),
        ["cursor with too many values"] = Base.OrderByField("x").StartAtValues(1, DocumentPath.Parse("c/a"), 3),
        ["name cursor with a string"] = Base.StartAtValues("int1"),
        ["name filter with a string"] = Base.Where(FieldPath.DocumentId, FilterOperator.Equal, "int1"),
        ["empty or"] = Base.Where(new CompositeFilter(CompositeOperator.Or, [])),
    };

    [Theory]
    [MemberData(nameof(InvalidQueryNames))]
    public async Task QueryAsync_InvalidQuery_FailsWithInvalidArgument(string name)
    {
        var error = await Assert.ThrowsAnyAsync<StoreException>(() => IdsAsync(InvalidQueries[name]));

        Assert.Equal(StoreErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task QueryAsync_InvalidQuery_FailsWhenEnumeratedWithFirestoresMessage()
    {
        var results = Store.QueryAsync(InvalidQueries["in with 31 values"], Ct);

        var error = await Assert.ThrowsAnyAsync<StoreException>(async () => await results.GetAsyncEnumerator(Ct).MoveNextAsync());

        Assert.Equal("'IN' supports up to 30 comparison values.", error.StoreMessage);
    }

    [Fact]
    public async Task QueryAsync_ThirtyInValues_IsAllowed()
    {
        await SeedMixedTypesAsync();

        var ids = await IdsAsync(Base.Where("x", FilterOperator.In, Enumerable.Range(0, 30).ToArray()));

        Assert.Equal(["c/dbl1", "c/int1", "c/negzero", "c/zero"], ids);
    }

    private async Task SeedMixedTypesAsync()
    {
        await Store.CommitAsync(
            [
                Write.Set(P("c/int1"), Fields(("x", 1))),
                Write.Set(P("c/dbl1"), Fields(("x", 1.0))),
                Write.Set(P("c/nan"), Fields(("x", double.NaN))),
                Write.Set(P("c/null"), Fields(("x", null))),
                Write.Set(P("c/str"), Fields(("x", "a"))),
                Write.Set(P("c/missing"), Fields(("y", 1))),
                Write.Set(P("c/negzero"), Fields(("x", -0.0))),
                Write.Set(P("c/zero"), Fields(("x", 0))),
                Write.Set(P("c/arr"), Fields(("x", ArrayValue))),
                Write.Set(P("c/ninf"), Fields(("x", double.NegativeInfinity))),
                Write.Set(P("c/bool"), Fields(("x", false))),
            ],
            Ct);
    }
}
