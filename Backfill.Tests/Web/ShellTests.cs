using System.Net;
using System.Text.Json;
using Backfill.Services.Storage;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Backfill.Tests.Web;

public sealed class ShellTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    private HttpClient CreateClient() =>
        factory.WithDocumentStore(new FixedHealthDocumentStore(new StoreDescription("Embedded", "test.db"), new StoreHealth(true, null, TimeSpan.Zero)))
            .CreateClient();

    [Theory]
    [InlineData("/")]
    [InlineData("/backfill")]
    public async Task GetPage_KnownRoute_ReturnsHtmlShellWithAppNameAndMudBlazorAssets(string path)
    {
        using var client = CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Klaviyo Backfill</title>", html, StringComparison.Ordinal);
        Assert.Contains("_content/MudBlazor/MudBlazor.min", html, StringComparison.Ordinal);
        Assert.Contains("_framework/blazor.web", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPage_UnknownRoute_Returns404HtmlShell()
    {
        using var client = CreateClient();

        using var response = await client.GetAsync(new Uri("/no-such-page", UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Klaviyo Backfill</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetApi_UnknownRoute_Returns404ProblemDetails()
    {
        using var client = CreateClient();

        using var response = await client.GetAsync(new Uri("/api/no-such-resource", UriKind.Relative), TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, body.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task GetOpenApiDocument_Always_ReturnsJsonDescribingHealth()
    {
        using var client = CreateClient();

        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Klaviyo Backfill API", body.RootElement.GetProperty("info").GetProperty("title").GetString());
        var health = body.RootElement.GetProperty("paths").GetProperty("/health").GetProperty("get").GetProperty("responses");
        Assert.True(health.TryGetProperty("200", out _));
        Assert.True(health.TryGetProperty("503", out _));
    }

    [Fact]
    public async Task GetScalar_Always_ServesReferencePageForTheOpenApiDocument()
    {
        using var client = CreateClient();

        using var response = await client.GetAsync(new Uri("/scalar/", UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
    }
}
