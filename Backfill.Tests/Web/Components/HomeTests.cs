using Backfill.Services.Storage;
using Backfill.Web.Components.Pages;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Backfill.Tests.Web.Components;

public sealed class HomeTests : BunitContext
{
    public HomeTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void Render_Always_ShowsTheStoreInUse()
    {
        var store = new FixedHealthDocumentStore(new StoreDescription("Embedded", "App_Data/backfill.db"), new StoreHealth(true, null, TimeSpan.Zero));
        Services.AddSingleton<IDocumentStore>(store);

        var cut = Render<Home>();

        var description = cut.Find("[data-testid='store-description']").TextContent;
        Assert.Contains("Embedded", description, StringComparison.Ordinal);
        Assert.Contains("App_Data/backfill.db", description, StringComparison.Ordinal);
    }
}
