using Backfill.Services.Storage;

namespace Backfill.Tests.Storage;

public sealed class DataLayoutTests
{
    private static readonly ClientId Client = ClientId.Parse("rogue-creamery");
    private static readonly DateOnly Christmas = new(2024, 12, 25);

    [Fact]
    public void Paths_FollowTheDocumentedLayout()
    {
        Assert.Equal("clients/rogue-creamery", DataLayout.Client(Client).Value);
        Assert.Equal("backfill_status/rogue-creamery", DataLayout.BackfillStatus(Client).Value);
        Assert.Equal("clients/rogue-creamery/klaviyo/data/campaigns/01HXYZ", DataLayout.Campaign(Client, "01HXYZ").Value);
        Assert.Equal("clients/rogue-creamery/klaviyo/data/flows/XVTP5Q", DataLayout.Flow(Client, "XVTP5Q").Value);
        Assert.Equal("clients/rogue-creamery/klaviyo/data/orders/5873421098765", DataLayout.Order(Client, "5873421098765").Value);
        Assert.Equal("clients/rogue-creamery/klaviyo/data/daily/campaigns/2024-12-25/01HXYZ", DataLayout.DailyCampaign(Client, Christmas, "01HXYZ").Value);
        Assert.Equal("clients/rogue-creamery/klaviyo/data/daily/flows/2024-12-25/XVTP5Q", DataLayout.DailyFlow(Client, Christmas, "XVTP5Q").Value);
        Assert.Equal("clients/rogue-creamery/klaviyo/data/daily/orders/2024-12-25/e1", DataLayout.DailyOrder(Client, Christmas, "e1").Value);
        Assert.Equal("clients/rogue-creamery/klaviyo/data/daily/orders/2024-12-25", DataLayout.DailyOrders(Client, Christmas).Value);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("__id__")]
    [InlineData("")]
    [InlineData("tab\there")]
    public void KlaviyoId_ThatCouldBreakAPath_IsRefused(string id)
    {
        Assert.Throws<InvalidPathException>(() => DataLayout.Order(Client, id));
    }

    [Fact]
    public void KlaviyoId_OrdinaryIds_AreKeptVerbatim()
    {
        Assert.Equal("5873421098765:1", DataLayout.Order(Client, "5873421098765:1").Id);
        Assert.Equal("ev id with spaces", DataLayout.Order(Client, "ev id with spaces").Id);
    }
}
