using System.Net;
using System.Net.Http.Headers;
using Backfill.Services.Storage;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Backfill.Tests.Web;

/// <summary>
/// The API reference's script files are anonymous (with sign-in configured too) and large (scalar.js is 4.9 MB), so
/// browsers and proxies may keep them; the page itself, which carries the app's settings, is not cached.
/// </summary>
public sealed class ApiReferenceAssetsTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    private HttpClient CreateClient() =>
        factory.WithDocumentStore(new FixedHealthDocumentStore(new StoreDescription("Embedded", "test.db"), new StoreHealth(true, null, TimeSpan.Zero)))
            .CreateClient();

    [Theory]
    [InlineData("/scalar/scalar.js")]
    [InlineData("/scalar/scalar.aspnetcore.js")]
    public async Task Get_Asset_IsCacheableAndRevalidatesWithItsETag(string path)
    {
        using var client = CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var revalidated = await client.SendAsync(again, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl is { Public: true, NoCache: false, MaxAge.TotalHours: >= 1 }, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal(response.Headers.CacheControl, revalidated.Headers.CacheControl);
    }

    [Fact]
    public async Task Get_ReferencePage_IsNotCached()
    {
        using var client = CreateClient();

        using var response = await client.GetAsync(new Uri("/scalar/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl is null or { NoCache: true } or { NoStore: true }, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.False(response.Headers.CacheControl?.MaxAge > TimeSpan.Zero);
    }
}
