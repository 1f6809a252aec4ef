using System.Net;
using Backfill.Services.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Backfill.Tests.Web.Security;

/// <summary>
/// HTTPS redirection and HSTS outside Development, and the forwarded-headers switch for a TLS-terminating proxy. The
/// host name is a made-up one because HSTS is never sent for localhost.
/// </summary>
public sealed class HttpsTests
{
    private static readonly Uri Http = new("http://backfill.example/");
    private static readonly Uri Https = new("https://backfill.example/");

    private static async Task<HttpResponseMessage> GetHealthAsync(string environment, Uri baseAddress, bool trustForwardedHeaders = false, string? forwardedProto = null)
    {
        await using var factory = new WebApplicationFactory<Program>()
            .WithWebHostBuilder(builder => builder
                .UseEnvironment(environment)
                .UseSetting("AllowedHosts", "backfill.example")
                .UseSetting("https_port", "443")
                .UseSetting("Http:TrustForwardedHeaders", trustForwardedHeaders ? "true" : "false"))
            .WithDocumentStore(new FixedHealthDocumentStore(new StoreDescription("Embedded", "test.db"), new StoreHealth(true, null, TimeSpan.Zero)));
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = baseAddress, AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "health");
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        await response.Content.LoadIntoBufferAsync(TestContext.Current.CancellationToken);
        return response;
    }

    [Fact]
    public async Task Get_PlainHttpInProduction_RedirectsToHttps()
    {
        using var response = await GetHealthAsync("Production", Http);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(new Uri("https://backfill.example/health"), response.Headers.Location);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Get_HttpsInProduction_SendsHsts()
    {
        using var response = await GetHealthAsync("Production", Https);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_InDevelopment_NeitherRedirectsNorSendsHsts()
    {
        using var plain = await GetHealthAsync("Development", Http);
        using var secure = await GetHealthAsync("Development", Https);

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False(secure.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Get_BehindTrustedTlsProxy_IsTreatedAsHttps()
    {
        using var response = await GetHealthAsync("Production", Http, trustForwardedHeaders: true, forwardedProto: "https");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Get_ForwardedProtoWithoutTrust_IsIgnored()
    {
        using var response = await GetHealthAsync("Production", Http, trustForwardedHeaders: false, forwardedProto: "https");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
    }
}
