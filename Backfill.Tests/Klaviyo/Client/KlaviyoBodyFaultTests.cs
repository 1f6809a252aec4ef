using System.Net;
using Backfill.Services.Klaviyo;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Klaviyo.Client;

/// <summary>
/// Bodies are read inside each attempt: a body that stalls after the headers hits the attempt timeout and a body
/// that breaks off mid-read is retried, against the sandbox over real HTTP.
/// </summary>
public sealed class KlaviyoBodyFaultTests
{
    [Fact]
    public async Task GetAccountAsync_StalledAndResetBodies_RetriesEachAttemptAndSucceeds()
    {
        await using var host = await SandboxClientHost.StartAsync(o => o.RateLimitsEnabled = false, o => o.AttemptTimeout = TimeSpan.FromSeconds(1));
        await SetFaultsAsync(host.Server, "{\"account\":\"rogue-creamery\",\"stall_body_requests\":2,\"reset_body_requests\":2}");
        var client = host.Client("rogue-creamery");

        var account = await client.GetAccountAsync(TestContext.Current.CancellationToken);

        Assert.False(string.IsNullOrEmpty(account.TimeZone));
        Assert.Equal(5, client.Statistics.Requests);
    }

    [Fact]
    public async Task GetAccountAsync_StalledBodyWithoutRetries_FailsAsTimeoutInsteadOfHanging()
    {
        await using var host = await SandboxClientHost.StartAsync(o => o.RateLimitsEnabled = false, o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(1);
            o.Retry.MaxRetryAttempts = 0;
        });
        await SetFaultsAsync(host.Server, "{\"account\":\"rogue-creamery\",\"stall_body_requests\":1}");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(60));

        var failure = await Assert.ThrowsAsync<KlaviyoApiException>(() => host.Client("rogue-creamery").GetAccountAsync(limit.Token));

        Assert.Equal(HttpStatusCode.RequestTimeout, failure.StatusCode);
        Assert.False(limit.IsCancellationRequested);
    }

    [Fact]
    public async Task GetAccountAsync_ResetBodyWithoutRetries_FailsAsKlaviyoApiExceptionNamingTheBreak()
    {
        await using var host = await SandboxClientHost.StartAsync(o => o.RateLimitsEnabled = false, o => o.Retry.MaxRetryAttempts = 0);
        await SetFaultsAsync(host.Server, "{\"account\":\"rogue-creamery\",\"reset_body_requests\":1}");

        var failure = await Assert.ThrowsAsync<KlaviyoApiException>(() => host.Client("rogue-creamery").GetAccountAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failure.StatusCode);
        Assert.Equal("rogue-creamery", failure.AccountLabel);
        Assert.DoesNotContain(SandboxServer.KeyFor("rogue-creamery"), failure.ToString(), StringComparison.Ordinal);
    }

    private static async Task SetFaultsAsync(SandboxServer server, string json)
    {
        using var body = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await server.Client.PostAsync("_control/faults", body, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
