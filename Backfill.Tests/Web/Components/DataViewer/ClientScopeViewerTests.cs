using Backfill.Web.Security;
using Bunit;

namespace Backfill.Tests.Web.Components.DataViewer;

/// <summary>The data viewer for a user limited to some clients: their own client as usual, any other as an unknown one.</summary>
public sealed class ClientScopeViewerTests : DataViewerTestContext
{
    [Fact]
    public async Task Viewer_ClientInTheScope_ShowsItsData()
    {
        await SeedShopAsync(FirstDay);
        Authorization.SetClaims([.. ClientScope.Claims([Shop.Value])]);

        var page = RenderViewer(Shop.Value);

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=kpi-orders]")));
        Assert.Empty(page.FindAll("[data-testid=not-found]"));
    }

    [Fact]
    public async Task Viewer_RegisteredClientOutsideTheScope_ReadsLikeAnUnknownClient()
    {
        await SeedShopAsync(FirstDay);
        Authorization.SetClaims([.. ClientScope.Claims(["another-shop"])]);

        var page = RenderViewer(Shop.Value);

        page.WaitForAssertion(() => Assert.Contains(
            $"No client “{Shop.Value}” is registered.", page.Find("[data-testid=not-found]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=kpi-orders]"));
        Assert.DoesNotContain("Test Shop", page.Markup, StringComparison.Ordinal);
    }
}
