using System.Net;
using Backfill.Services.Backfill;
using Backfill.Services.Storage;
using Backfill.Tests.Web.Api;

namespace Backfill.Tests.Web.Security;

/// <summary>
/// Local mode makes every caller an operator, so a page on another site must not be able to send commands through the
/// visitor's browser: the app on Kestrel, with the headers browsers attach to such requests.
/// </summary>
public sealed class CrossSiteRequestTests : IAsyncLifetime
{
    private BackfillApp _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _app = await BackfillApp.StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Origin", "null")]
    public async Task Command_FromAnotherSite_IsRefusedAndStartsNothing(string header, string value)
    {
        foreach (var url in new[] { "/api/backfill/start/rogue-creamery?days=1", "/api/backfill/start-all" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url);
            request.Headers.Add(header, value);

            using var response = await _app.Client.SendAsync(request, Ct);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("another site", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.All(_app.Coordinator.Board.Statuses, s => Assert.Equal(BackfillState.NotStarted, s.State));
    }

    [Fact]
    public async Task Command_FromTheAppsOwnPagesOrAScript_IsServed()
    {
        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, "/api/backfill/cancel/rogue-creamery");
        sameOrigin.Headers.Add("Sec-Fetch-Site", "same-origin");
        sameOrigin.Headers.Add("Origin", _app.Client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        using var fromPage = await _app.Client.SendAsync(sameOrigin, Ct);
        using var fromScript = await _app.Client.PostAsync("/api/backfill/cancel/rogue-creamery", null, Ct);

        // 409: nothing to cancel — the command reached the coordinator.
        Assert.Equal(HttpStatusCode.Conflict, fromPage.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, fromScript.StatusCode);
    }

    [Fact]
    public async Task Read_FromAnotherSite_IsNotACommandAndIsServed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/backfill/status/rogue-creamery");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await _app.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(BackfillState.NotStarted, _app.Coordinator.Board.Find(ClientId.Parse("rogue-creamery"))!.State);
    }
}
