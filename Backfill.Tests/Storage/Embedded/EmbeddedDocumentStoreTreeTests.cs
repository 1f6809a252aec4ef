using Backfill.Services.Storage;

namespace Backfill.Tests.Storage.Embedded;

public sealed class EmbeddedDocumentStoreTreeTests : EmbeddedStoreTestBase
{
    [Fact]
    public async Task ListCollectionIdsAsync_Root_ListsDistinctIdsInUtf16OrderLikeTheEmulator()
    {
        await SetAsync("b/1", ("n", 1));
        await SetAsync("a/1", ("n", 1));
        await SetAsync("a/2/sub/x", ("n", 1));
        await SetAsync("ab/1", ("n", 1));
        await SetAsync("é/1", ("n", 1));
        await SetAsync("Z/1", ("n", 1));
        await SetAsync("😀c/1", ("n", 1));
        await SetAsync("～c/1", ("n", 1));

        Assert.Equal(["Z", "a", "ab", "b", "é", "😀c", "～c"], await Store.ListCollectionIdsAsync(null, Ct));
    }

    [Fact]
    public async Task ListCollectionIdsAsync_PhantomParent_ListsItsCollections()
    {
        await SetAsync("users/u1/2024-12-25/e1", ("n", 1));
        await SetAsync("users/u1/2024-12-26/e1/deeper/x", ("n", 1));
        await SetAsync("users/u1/2024-12-25/e2", ("n", 1));
        await SetAsync("users/u10/other/e1", ("n", 1));
        await SetAsync("users/u1x/other/e1", ("n", 1));

        Assert.Null(await Store.GetAsync(P("users/u1"), Ct));
        Assert.Equal(["2024-12-25", "2024-12-26"], await Store.ListCollectionIdsAsync(P("users/u1"), Ct));
        Assert.Empty(await Store.ListCollectionIdsAsync(P("users/u2"), Ct));
    }

    [Fact]
    public async Task DeleteTreeAsync_Document_DeletesItAndEverythingBelowOnly()
    {
        await SetAsync("c/a", ("n", 1));
        await SetAsync("c/a/s/1", ("n", 1));
        await SetAsync("c/a/s/1/t/2", ("n", 1));
        await SetAsync("c/ab", ("n", 1));
        await SetAsync("c/ab/s/1", ("n", 1));
        await SetAsync("c/b", ("n", 1));

        var deleted = await Store.DeleteTreeAsync(P("c/a"), Ct);

        Assert.Equal(3, deleted);
        Assert.Equal(["c/ab", "c/b"], await IdsAsync(Query.Collection(CollectionPath.Of("c"))));
        Assert.NotNull(await Store.GetAsync(P("c/ab/s/1"), Ct));
    }

    [Fact]
    public async Task DeleteTreeAsync_Collection_DeletesEveryDocumentAndDescendant()
    {
        await SetAsync("clients/x/klaviyo/data", ("n", 1));
        await SetAsync("clients/x/klaviyo/data/orders/1", ("n", 1));
        await SetAsync("clients/x/klaviyo/data/orders/2", ("n", 1));
        await SetAsync("clients/x/klaviyo2/data", ("n", 1));
        await SetAsync("clients/x", ("n", 1));

        var deleted = await Store.DeleteTreeAsync(CollectionPath.Parse("clients/x/klaviyo"), Ct);

        Assert.Equal(3, deleted);
        Assert.NotNull(await Store.GetAsync(P("clients/x"), Ct));
        Assert.NotNull(await Store.GetAsync(P("clients/x/klaviyo2/data"), Ct));
        Assert.Equal(["klaviyo2"], await Store.ListCollectionIdsAsync(P("clients/x"), Ct));
    }

    [Fact]
    public async Task DeleteTreeAsync_RootCollection_LeavesOtherRootCollections()
    {
        await SetAsync("a/1", ("n", 1));
        await SetAsync("a/1/b/2", ("n", 1));
        await SetAsync("ab/1", ("n", 1));

        Assert.Equal(2, await Store.DeleteTreeAsync(CollectionPath.Of("a"), Ct));
        Assert.Equal(["ab"], await Store.ListCollectionIdsAsync(null, Ct));
    }
}
