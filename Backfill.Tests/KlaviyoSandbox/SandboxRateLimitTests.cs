using System.Net;
using Backfill.KlaviyoSandbox;
using Backfill.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.KlaviyoSandbox;

public sealed class SandboxRateLimitTests
{
    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Get_Success_CarriesSteadyWindowHeaders()
    {
        var clock = Clock();
        clock.Advance(TimeSpan.FromSeconds(20));
        await using var server = await SandboxServer.StartAsync(timeProvider: clock, cancellationToken: TestContext.Current.CancellationToken);

        using var response = await server.GetAsync("api/metrics", SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("150", Header(response, "RateLimit-Limit"));
        Assert.Equal("149", Header(response, "RateLimit-Remaining"));
        Assert.Equal("40", Header(response, "RateLimit-Reset"));
    }

    [Fact]
    public async Task Get_BeyondBurst_Returns429WithRetryAfterUntilNextSecond()
    {
        var clock = Clock();
        await using var server = await SandboxServer.StartAsync(timeProvider: clock, cancellationToken: TestContext.Current.CancellationToken);

        using var first = await server.GetAsync("api/accounts", SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);
        using var second = await server.GetAsync("api/accounts", SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);
        using var otherAccount = await server.GetAsync("api/accounts", SandboxTestExtensions.Alder, TestContext.Current.CancellationToken);
        using var otherEndpoint = await server.GetAsync("api/metrics", SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(1));
        using var later = await server.GetAsync("api/accounts", SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((HttpStatusCode)429, second.StatusCode);
        Assert.Equal("1", Header(second, "Retry-After"));
        Assert.Null(Header(second, "RateLimit-Limit"));
        var error = (await second.JsonAsync()).SingleError();
        Assert.Equal("throttled", error.GetProperty("code").GetString());
        Assert.Equal("Request was throttled. Expected available in 1 second.", error.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, otherAccount.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherEndpoint.StatusCode);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Get_BeyondConfiguredSteadyLimit_Returns429UntilTheMinuteEnds()
    {
        var clock = Clock();
        clock.Advance(TimeSpan.FromSeconds(15));
        await using var server = await SandboxServer.StartAsync(
            o => o.RateLimits["events"] = new SandboxRateLimitOverride { Steady = 3 }, clock, cancellationToken: TestContext.Current.CancellationToken);

        var statuses = new List<HttpStatusCode>();
        string? retryAfter = null;
        for (var i = 0; i < 4; i++)
        {
            using var response = await server.GetAsync("api/events?page[size]=1", SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
            retryAfter = Header(response, "Retry-After") ?? retryAfter;
        }
        clock.Advance(TimeSpan.FromSeconds(45));
        using var nextMinute = await server.GetAsync("api/events?page[size]=1", SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429], statuses);
        Assert.Equal("45", retryAfter);
        Assert.Equal(HttpStatusCode.OK, nextMinute.StatusCode);
        Assert.Equal("2", Header(nextMinute, "RateLimit-Remaining"));
    }

    [Fact]
    public async Task PostReport_ThirdInAMinute_IsThrottledBySteadyLimitOfTwo()
    {
        var clock = Clock();
        await using var server = await SandboxServer.StartAsync(timeProvider: clock, cancellationToken: TestContext.Current.CancellationToken);
        var body = await SandboxReportTests.CampaignValuesBodyAsync(server, "2026-01-01T00:00:00", "2026-02-01T00:00:00");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await server.PostAsync("api/campaign-values-reports", SandboxTestExtensions.Rogue, body, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429], statuses);
    }

    [Fact]
    public async Task PostReport_BeyondDailyCap_Returns429UntilTheDayEnds()
    {
        var clock = Clock();
        await using var server = await SandboxServer.StartAsync(timeProvider: clock, cancellationToken: TestContext.Current.CancellationToken);
        var body = await SandboxReportTests.CampaignValuesBodyAsync(server, "2026-01-01T00:00:00", "2026-02-01T00:00:00");
        using (var cap = await server.Client.PostAsync("_control/faults", Json("{\"account\":\"rogue-creamery\",\"reporting_daily_cap\":2}"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, cap.StatusCode);
        }

        var statuses = new List<HttpStatusCode>();
        string? retryAfter = null;
        for (var i = 0; i < 3; i++)
        {
            using var response = await server.PostAsync("api/campaign-values-reports", SandboxTestExtensions.Rogue, body, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
            retryAfter = Header(response, "Retry-After") ?? retryAfter;
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429], statuses);
        Assert.Equal(((12 * 60) - 2) * 60, int.Parse(retryAfter!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Get_WithLimitsDisabled_NeverThrottles()
    {
        var clock = Clock();
        await using var server = await SandboxServer.StartAsync(o => o.RateLimitsEnabled = false, clock, cancellationToken: TestContext.Current.CancellationToken);

        for (var i = 0; i < 20; i++)
        {
            using var response = await server.GetAsync("api/accounts", SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    internal static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
