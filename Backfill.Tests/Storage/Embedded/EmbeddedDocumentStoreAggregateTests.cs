using Backfill.Services.Storage;

namespace Backfill.Tests.Storage.Embedded;

/// <summary>Aggregations; the expected values are what the Firestore emulator returned for the same data and requests.</summary>
public sealed class EmbeddedDocumentStoreAggregateTests : EmbeddedStoreTestBase
{
    private static readonly Query S = Query.Collection(CollectionPath.Of("s"));

    private async Task SeedAsync()
    {
        await SetAsync("s/a", ("n", 5), ("m", long.MaxValue));
        await SetAsync("s/b", ("n", 7), ("m", 1), ("z", "q"));
        await SetAsync("s/c", ("n", "x"), ("d", 1.5));
        await SetAsync("s/d", ("n", 0.5), ("d", double.NaN));
    }

    [Fact]
    public async Task AggregateAsync_MixedValues_SkipsNonNumbersAndTurnsDoubleWhenNeeded()
    {
        await SeedAsync();

        var n = await Store.AggregateAsync(S, [Aggregation.Count("c"), Aggregation.Sum("n", "s"), Aggregation.Average("n", "a")], Ct);
        var m = await Store.AggregateAsync(S, [Aggregation.Count("c"), Aggregation.Sum("m", "m")], Ct);
        var d = await Store.AggregateAsync(S, [Aggregation.Sum("d", "d")], Ct);

        Assert.Equal(4L, n.Values["c"]);
        Assert.Equal(12.5, Assert.IsType<double>(n.Values["s"]));
        Assert.Equal(12.5 / 3, Assert.IsType<double>(n.Values["a"]));
        Assert.Equal(2L, m.Values["c"]);
        Assert.Equal(9.223372036854776e18, Assert.IsType<double>(m.Values["m"]));
        Assert.True(double.IsNaN(Assert.IsType<double>(d.Values["d"])));
    }

    [Fact]
    public async Task AggregateAsync_SeveralFields_CountsOnlyDocumentsHavingEveryAggregatedField()
    {
        await SeedAsync();

        var result = await Store.AggregateAsync(
            S, [Aggregation.Count("c"), Aggregation.Sum("n", "s"), Aggregation.Average("n", "a"), Aggregation.Sum("m", "m"), Aggregation.Sum("d", "d")], Ct);

        Assert.Equal(0L, result.Values["c"]);
        Assert.Equal(0L, result.Values["s"]);
        Assert.Null(result.Values["a"]);
        Assert.Equal(0L, result.Values["m"]);
        Assert.Equal(0L, result.Values["d"]);
    }

    [Fact]
    public async Task AggregateAsync_SumWithLimit_TakesTheFirstDocumentsInFieldOrder()
    {
        await SetAsync("s2/a", ("n", 5));
        await SetAsync("s2/b", ("n", -1.0));
        await SetAsync("s2/c", ("n", "x"));
        await SetAsync("s2/d", ("n", 0.5));
        await SetAsync("s2/e", ("m", 1));
        await SetAsync("s2/f", ("n", 100), ("m", 2));
        var s2 = Query.Collection(CollectionPath.Of("s2"));

        var first2 = await Store.AggregateAsync(s2.WithLimit(2), [Aggregation.Count("c"), Aggregation.Sum("n", "s")], Ct);
        var first3 = await Store.AggregateAsync(s2.WithLimit(3), [Aggregation.Sum("n", "s")], Ct);
        var all = await Store.AggregateAsync(s2, [Aggregation.Count("c"), Aggregation.Sum("n", "s")], Ct);
        var withM = await Store.AggregateAsync(s2, [Aggregation.Count("c"), Aggregation.Sum("n", "s"), Aggregation.Average("m", "a")], Ct);

        Assert.Equal(2L, first2.Values["c"]);
        Assert.Equal(-0.5, first2.Values["s"]);
        Assert.Equal(4.5, first3.Values["s"]);
        Assert.Equal(5L, all.Values["c"]);
        Assert.Equal(104.5, all.Values["s"]);
        Assert.Equal(1L, withM.Values["c"]);
        Assert.Equal(100L, withM.Values["s"]);
        Assert.Equal(2.0, withM.Values["a"]);
    }

    [Fact]
    public async Task AggregateAsync_SumAfterExplicitNameOrder_FailsWithInvalidArgument()
    {
        var error = await Assert.ThrowsAnyAsync<StoreException>(() =>
            Store.AggregateAsync(S.OrderByField(FieldPath.DocumentId), [Aggregation.Sum("n")], Ct));

        Assert.Equal(StoreErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task AggregateAsync_OnlyIntegers_SumIsLongAndAverageDouble()
    {
        await SeedAsync();

        var result = await Store.AggregateAsync(S.Where("n", FilterOperator.In, new[] { 5, 7 }), [Aggregation.Sum("n"), Aggregation.Average("n")], Ct);

        Assert.Equal(12L, Assert.IsType<long>(result.Values["sum"]));
        Assert.Equal(6.0, result.Average());
    }

    [Fact]
    public async Task AggregateAsync_NoNumbers_SumIsZeroAndAverageNull()
    {
        await SeedAsync();

        var result = await Store.AggregateAsync(S, [Aggregation.Sum("z", "s"), Aggregation.Average("z", "a"), Aggregation.Sum("nope", "q")], Ct);

        Assert.Equal(0L, result.Values["s"]);
        Assert.Null(result.Values["a"]);
        Assert.Equal(0L, result.Values["q"]);
    }

    [Fact]
    public async Task AggregateAsync_LimitAndUpTo_CapTheCount()
    {
        await SeedAsync();

        var result = await Store.AggregateAsync(S.WithLimit(3), [Aggregation.Count("c"), Aggregation.Count("u", upTo: 2)], Ct);

        Assert.Equal(3L, result.Count("c"));
        Assert.Equal(2L, result.Count("u"));
    }

    [Fact]
    public async Task AggregateAsync_EmptyAlias_GetsFieldNumber()
    {
        await SeedAsync();

        var result = await Store.AggregateAsync(S, [Aggregation.Count(""), Aggregation.Sum("n", "")], Ct);

        Assert.Equal(4L, result.Values["field_1"]);
        Assert.Equal(12.5, result.Values["field_2"]);
    }

    [Fact]
    public async Task AggregateAsync_CountOnly_CountsTheSameDocumentsAsTheQuery()
    {
        await SetAsync("s/a", ("n", 1));
        await SetAsync("s/a/s/nested", ("n", 1));
        await SetAsync("s/b", ("n", 1));
        await SetAsync("t/x/s/c", ("n", 1));
        await SetAsync("sx/y", ("n", 1));
        var queries = new[] { S, Query.CollectionGroup("s"), Query.CollectionGroup("s", P("s/a")), Query.Collection(CollectionPath.Parse("s/a/s")), S.WithLimit(1) };

        foreach (var query in queries)
        {
            var counted = await Store.AggregateAsync(query, [Aggregation.Count(), Aggregation.Count("max1", upTo: 1)], Ct);

            Assert.Equal((await IdsAsync(query)).Count, counted.Count());
            Assert.Equal(1, counted.Count("max1"));
        }
    }

    public static TheoryData<string> InvalidNames => new(Invalid.Keys);

    private static readonly Dictionary<string, Aggregation[]> Invalid = new()
    {
        ["none"] = [],
        ["six"] = Enumerable.Range(0, 6).Select(i => Aggregation.Count($"c{i}")).ToArray(),
        ["duplicate alias"] = [Aggregation.Count("c"), Aggregation.Sum("n", "c")],
        ["sum of __name__"] = [Aggregation.Sum(FieldPath.DocumentId)],
    };

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public async Task AggregateAsync_InvalidAggregations_FailWithInvalidArgument(string name)
    {
        var error = await Assert.ThrowsAnyAsync<StoreException>(() => Store.AggregateAsync(S, Invalid[name], Ct));

        Assert.Equal(StoreErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task AggregateAsync_InvalidQuery_FailsWithInvalidArgument()
    {
        var error = await Assert.ThrowsAnyAsync<StoreException>(() => Store.AggregateAsync(S.Where("x", FilterOperator.In, Array.Empty<int>()), [Aggregation.Count()], Ct));

        Assert.Equal(StoreErrorCode.InvalidArgument, error.Code);
    }
}
