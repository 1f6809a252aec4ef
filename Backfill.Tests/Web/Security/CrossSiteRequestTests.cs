using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Backfill.Services.Backfill;
using Backfill.Services.Storage;
using Backfill.Tests.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Web.Security;

/// <summary>
/// Local mode makes every caller an operator, so a page on another site must not be able to send commands through the
/// visitor's browser, nor open the dashboard's circuit: the app on Kestrel (with the sandbox's control routes on), with
/// the headers browsers attach to such requests.
/// </summary>
public sealed class CrossSiteRequestTests : IAsyncLifetime
{
    private BackfillApp _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _app = await BackfillApp.StartAsync(new Dictionary<string, string?> { ["Klaviyo:Sandbox:EnableControlEndpoint"] = "true" });

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

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Origin", "null")]
    public async Task SandboxControl_FromAnotherSite_IsRefusedAndInjectsNoFault(string header, string value)
    {
        // A <form enctype="text/plain"> is enough to send this body; "changes" stands for control routes added later.
        foreach (var (method, url) in new[]
        {
            (HttpMethod.Post, "/sandbox/klaviyo/_control/faults"), (HttpMethod.Delete, "/sandbox/klaviyo/_control/faults"),
            (HttpMethod.Post, "/sandbox/klaviyo/_control/changes"),
        })
        {
            using var request = new HttpRequestMessage(method, url)
            {
                Content = new StringContent("""{"account":"rogue-creamery","revoked_key":true}""", Encoding.UTF8, "text/plain"),
            };
            request.Headers.Add(header, value);

            using var response = await _app.Client.SendAsync(request, Ct);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("another site", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, await SandboxAccountsStatusAsync());
    }

    [Fact]
    public async Task StateChangingRequest_ToAnyRouteFromAnotherSite_IsRefused()
    {
        // Every mapped route that takes a non-safe method, and paths no route takes yet: the rule is the method, not a list.
        var targets = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["POST"])
                .Where(method => !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)))
                .Select(method => (Method: method, Path: Concrete(endpoint.RoutePattern.RawText ?? "/"))))
            .Concat([("POST", "/"), ("PUT", "/api/clients"), ("PATCH", "/data/rogue-creamery"), ("POST", "/sandbox/klaviyo/_control/changes"), ("POST", "/no-such-page")])
            .Distinct()
            .ToList();
        Assert.Contains(("POST", "/sandbox/klaviyo/_control/faults"), targets);
        Assert.Contains(("DELETE", "/api/clients/x"), targets);

        foreach (var (method, path) in targets)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "text/plain") };
            request.Headers.Add("Sec-Fetch-Site", "cross-site");

            using var response = await _app.Client.SendAsync(request, Ct);

            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode}");
        }

        Assert.All(_app.Coordinator.Board.Statuses, s => Assert.Equal(BackfillState.NotStarted, s.State));
        Assert.Equal(3, _app.Coordinator.Board.Statuses.Count);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task SandboxControl_SameSiteButNotJson_Is415(string mediaType)
    {
        foreach (var url in new[] { "/sandbox/klaviyo/_control/faults", "/sandbox/klaviyo/_control/changes" })
        {
            using var body = new ByteArrayContent("""{"account":"rogue-creamery","revoked_key":true}"""u8.ToArray());
            body.Headers.TryAddWithoutValidation("Content-Type", mediaType);

            using var response = await _app.Client.PostAsync(url, body, Ct);

            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.OK, await SandboxAccountsStatusAsync());
    }

    [Fact]
    public async Task SandboxControl_FromAScriptAsJson_IsServed()
    {
        using var set = await _app.Client.PostAsync(
            "/sandbox/klaviyo/_control/faults", new StringContent("""{"account":"rogue-creamery","revoked_key":true}""", Encoding.UTF8, "application/json"), Ct);
        var revoked = await SandboxAccountsStatusAsync();
        using var reset = await _app.Client.DeleteAsync("/sandbox/klaviyo/_control/faults", Ct);

        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await SandboxAccountsStatusAsync());
    }

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task BlazorHub_NegotiateFromAnotherSite_IsRefused(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add(header, value);

        using var response = await _app.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task BlazorHub_WebSocketFromAnotherOrigin_IsRefusedAndFromItsOwnIsAccepted()
    {
        var own = _app.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);

        var refused = await ConnectCircuitAsync("http://evil.example");
        var accepted = await ConnectCircuitAsync(own);

        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, accepted);
    }

    /// <summary>Negotiates as the app's own page would, then opens the hub's WebSocket with <paramref name="origin"/>.</summary>
    private async Task<HttpStatusCode> ConnectCircuitAsync(string origin)
    {
        var own = _app.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        negotiate.Headers.Add("Origin", own);
        using var negotiated = await _app.Client.SendAsync(negotiate, Ct);
        negotiated.EnsureSuccessStatusCode();
        var token = JsonDocument.Parse(await negotiated.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("connectionToken").GetString();

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", origin);
        try
        {
            await socket.ConnectAsync(new Uri($"ws://{_app.Client.BaseAddress!.Authority}/_blazor?id={token}"), Ct);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, Ct);
        }
        catch (WebSocketException)
        {
            // The status below says why.
        }

        return socket.HttpStatusCode;
    }

    private async Task<HttpStatusCode> SandboxAccountsStatusAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sandbox/klaviyo/api/accounts");
        request.Headers.TryAddWithoutValidation("Authorization", "Klaviyo-API-Key pk_sandbox_rogue-creamery");
        request.Headers.Add("revision", "2026-07-15");
        using var response = await _app.Client.SendAsync(request, Ct);
        return response.StatusCode;
    }

    /// <summary>A route pattern with each parameter filled in.</summary>
    private static string Concrete(string pattern) =>
        "/" + string.Join('/', pattern.TrimStart('/').Split('/').Select(segment => segment.StartsWith('{') ? "x" : segment));

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
