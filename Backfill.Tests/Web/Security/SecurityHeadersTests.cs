using System.Net;
using Backfill.Services.Storage;
using Backfill.Web.Security;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Backfill.Tests.Web.Security;

public sealed class SecurityHeadersTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    private HttpClient CreateClient() =>
        factory.WithDocumentStore(new FixedHealthDocumentStore(new StoreDescription("Embedded", "test.db"), new StoreHealth(true, null, TimeSpan.Zero)))
            .CreateClient();

    [Theory]
    [InlineData("/", HttpStatusCode.OK, "text/html")]
    [InlineData("/health", HttpStatusCode.OK, "application/json")]
    [InlineData("/openapi/v1.json", HttpStatusCode.OK, "application/json")]
    [InlineData("/api/no-such-resource", HttpStatusCode.NotFound, "application/problem+json")]
    [InlineData("/no-such-page", HttpStatusCode.NotFound, "text/html")]
    [InlineData("/favicon.svg", HttpStatusCode.OK, "image/svg+xml")]
    [InlineData("/_framework/blazor.web.js", HttpStatusCode.OK, "text/javascript")]
    public async Task Get_AnyKindOfResponse_CarriesTheSecurityHeaders(string path, HttpStatusCode status, string mediaType)
    {
        using var client = CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ContentSecurityPolicies.App, Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Resource-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ApiReferencePage_HasItsOwnPolicyThatStillForbidsFraming()
    {
        using var client = CreateClient();

        using var response = await client.GetAsync(new Uri("/scalar/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ContentSecurityPolicies.ApiReference, Header(response, "Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", ContentSecurityPolicies.ApiReference, StringComparison.Ordinal);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    [Fact]
    public void AppPolicy_Always_AllowsNoInlineOrEvaluatedScript()
    {
        var scripts = ContentSecurityPolicies.App.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));

        Assert.Equal("script-src 'self'", scripts);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : "";
}
