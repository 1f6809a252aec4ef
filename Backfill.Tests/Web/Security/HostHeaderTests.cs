using System.Globalization;
using System.Text.Json;
using Backfill.Tests.Web.Api;

namespace Backfill.Tests.Web.Security;

/// <summary>
/// Hosts Kestrel lets through but no URI can hold, sent over a raw socket so they reach the app as written: each is a
/// 400 naming the Host before anything builds a URI from it, and the answer never echoes the request.
/// </summary>
public sealed class HostHeaderTests(BackfillAppFixture fixture) : IClassFixture<BackfillAppFixture>
{
    private const string Sentinel = "pk_sentinel_host_header_0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("127.0.0.1:99999", "/")]
    [InlineData("127.0.0.1:99999", "/api/backfill/status")]
    [InlineData("127.0.0.1:99999", "/data/rogue-creamery")]
    [InlineData("localhost:65536", "/")]
    [InlineData("[::1]:99999", "/")]
    [InlineData("127.0.0.1:0", "/")]
    [InlineData("", "/")]
    [InlineData("", "/api/backfill/status")]
    public async Task Get_MalformedHost_Is400NamingTheHostWithoutEchoingTheRequest(string host, string path)
    {
        var response = await RawHttp.SendAsync(fixture.Server, $"GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {Sentinel}", Ct);

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.Headers["content-type"].Split(';')[0]);
        Assert.True(JsonDocument.Parse(response.Body).RootElement.GetProperty("errors").TryGetProperty("Host", out _), response.Body);
        Assert.DoesNotContain(Sentinel, response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Http10WithoutHost_Is400()
    {
        var response = await RawHttp.SendAsync(fixture.Server, "GET / HTTP/1.0", Ct);

        Assert.Equal(400, response.Status);
    }

    [Theory]
    [InlineData("127.0.0.1:{0}")]
    [InlineData("localhost:{0}")]
    [InlineData("localhost")]
    public async Task Get_WellFormedHost_IsServed(string host)
    {
        var value = string.Format(CultureInfo.InvariantCulture, host, fixture.Server.Port);

        var response = await RawHttp.SendAsync(fixture.Server, $"GET / HTTP/1.1\r\nHost: {value}", Ct);

        Assert.Equal(200, response.Status);
    }
}
