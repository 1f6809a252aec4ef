using System.Net;
using Backfill.KlaviyoSandbox;
using Backfill.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.KlaviyoSandbox;

public sealed class SandboxFaultTests
{
    [Fact]
    public async Task Get_WithConfiguredErrorShare_FailsSomeRequestsAtSeededPositions()
    {
        static void Configure(SandboxOptions o)
        {
            o.RateLimitsEnabled = false;
            o.Faults["rogue-creamery"] = new SandboxFaultSettings { ErrorRate = 0.3, ErrorStatus = 503 };
        }

        var first = await StatusesAsync(Configure, 60);
        var second = await StatusesAsync(Configure, 60);

        Assert.Equal(first, second);
        Assert.InRange(first.Count(s => s == HttpStatusCode.ServiceUnavailable), 6, 35);
        Assert.All(first, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable));
    }

    [Fact]
    public async Task Get_InjectedServerError_HasKlaviyoErrorBody()
    {
        await using var server = await SandboxServer.StartAsync(
            o => o.Faults["alder-and-ash"] = new SandboxFaultSettings { ErrorRate = 1, ErrorStatus = 500 }, cancellationToken: TestContext.Current.CancellationToken);

        using var response = await server.GetAsync("api/metrics", SandboxTestExtensions.Alder, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("error", (await response.JsonAsync()).SingleError().GetProperty("code").GetString());
    }

    [Fact]
    public async Task ControlFaults_Html403ForTwoRequests_ReturnsHtmlThenRecovers()
    {
        await using var server = await SandboxServer.StartAsync(o => o.RateLimitsEnabled = false, cancellationToken: TestContext.Current.CancellationToken);
        await SetFaultsAsync(server, "{\"account\":\"rogue-creamery\",\"html_403_requests\":2}");

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            responses.Add(await server.GetAsync("api/metrics", SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken));
        }
        using var other = await server.GetAsync("api/metrics", SandboxTestExtensions.Alder, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, responses[0].StatusCode);
        Assert.Equal("text/html", responses[0].Content.Headers.ContentType?.MediaType);
        Assert.Equal("challenge", responses[0].Headers.GetValues("cf-mitigated").Single());
        Assert.StartsWith("<!DOCTYPE html>", await responses[1].Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, responses[2].StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        responses.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task ControlFaults_RevokedKey_Returns401UntilReset()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await SetFaultsAsync(server, "{\"account\":\"northloop-outfitters\",\"revoked_key\":true}");

        using var revoked = await server.GetAsync("api/metrics", SandboxTestExtensions.Northloop, TestContext.Current.CancellationToken);
        using (var reset = await server.Client.DeleteAsync("_control/faults", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        }
        using var restored = await server.GetAsync("api/metrics", SandboxTestExtensions.Northloop, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal("authentication_failed", (await revoked.JsonAsync()).SingleError().GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
    }

    [Fact]
    public async Task ControlFaults_ThrottleStorm_Returns429ForNRequestsThenForADuration()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));
        await using var server = await SandboxServer.StartAsync(o => o.RateLimitsEnabled = false, clock, cancellationToken: TestContext.Current.CancellationToken);
        await SetFaultsAsync(server, "{\"account\":\"rogue-creamery\",\"throttle_requests\":2}");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await server.GetAsync("api/metrics", SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
            Assert.Equal(response.StatusCode == HttpStatusCode.OK, !response.Headers.Contains("Retry-After"));
        }
        await SetFaultsAsync(server, "{\"account\":\"rogue-creamery\",\"throttle_seconds\":30}");
        using var during = await server.GetAsync("api/metrics", SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(30));
        using var after = await server.GetAsync("api/metrics", SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);

        Assert.Equal([(HttpStatusCode)429, (HttpStatusCode)429, HttpStatusCode.OK], statuses);
        Assert.Equal((HttpStatusCode)429, during.StatusCode);
        Assert.Equal("30", during.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task ControlFaults_WhenControlEndpointDisabled_IsNotMapped()
    {
        await using var server = await SandboxServer.StartAsync(o => o.EnableControlEndpoint = false, cancellationToken: TestContext.Current.CancellationToken);

        using var response = await server.Client.PostAsync("_control/faults", SandboxRateLimitTests.Json("{\"account\":\"rogue-creamery\",\"revoked_key\":true}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ControlFaults_UnknownAccount_Returns400()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        using var response = await server.Client.PostAsync("_control/faults", SandboxRateLimitTests.Json("{\"account\":\"nobody\",\"revoked_key\":true}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task ControlFaults_BodyNotSentAsJson_Is415AndChangesNoFault(string? mediaType)
    {
        // What a <form enctype="text/plain"> on another site can send without a preflight.
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var body = new ByteArrayContent("{\"account\":\"rogue-creamery\",\"revoked_key\":true}"u8.ToArray());
        if (mediaType is not null)
        {
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        }

        using var response = await server.Client.PostAsync("_control/faults", body, TestContext.Current.CancellationToken);
        using var after = await server.GetAsync("api/metrics", SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private static async Task SetFaultsAsync(SandboxServer server, string json)
    {
        using var response = await server.Client.PostAsync("_control/faults", SandboxRateLimitTests.Json(json), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private static async Task<List<HttpStatusCode>> StatusesAsync(Action<SandboxOptions> configure, int count)
    {
        await using var server = await SandboxServer.StartAsync(configure, cancellationToken: TestContext.Current.CancellationToken);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var response = await server.GetAsync("api/metrics", SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }
}
