using System.Net;
using Backfill.Tests.Web.Api;

namespace Backfill.Tests.Web.Security;

/// <summary>
/// Local mode behind a tunnel or proxy on this machine (ngrok, cloudflared, nginx): the connection comes from loopback
/// and only a relay header says the caller is elsewhere, so any of them refuses the request.
/// </summary>
public sealed class LocalModeRelayTests(BackfillAppFixture fixture) : IClassFixture<BackfillAppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.5")]
    [InlineData("Forwarded", "for=203.0.113.5;proto=https")]
    [InlineData("X-Real-IP", "203.0.113.5")]
    [InlineData("CF-Connecting-IP", "203.0.113.5")]
    [InlineData("True-Client-IP", "203.0.113.5")]
    [InlineData("X-Client-IP", "203.0.113.5")]
    [InlineData("Via", "1.1 tunnel.example")]
    [InlineData("X-Forwarded-Host", "backfill.example")]
    [InlineData("X-Forwarded-Proto", "https")]
    [InlineData("X-Forwarded-Port", "443")]
    [InlineData("x-real-ip", "")]
    public async Task LocalMode_RequestRelayedByATunnelOnThisMachine_IsRefused(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/backfill/status");
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await fixture.App.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Local mode serves this machine only", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalMode_DirectRequest_IsServed()
    {
        using var response = await fixture.App.Client.GetAsync("/api/backfill/status", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
