using System.Net;
using Backfill.Services.Storage;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Backfill.Tests.Web;

public sealed class LegacyRedirectEndpointsTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task GetOldManagerPage_Always_RedirectsPermanentlyToTheManager()
    {
        using var client = factory
            .WithDocumentStore(new FixedHealthDocumentStore(new StoreDescription("Embedded", "test.db"), new StoreHealth(true, null, TimeSpan.Zero)))
            .CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri("/static/backfill_manager.html", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }
}
