using System.Net;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.KlaviyoSandbox;

/// <summary>The sandbox's body faults: a 200 whose body stalls after the first bytes, or breaks off with a reset.</summary>
public sealed class SandboxBodyFaultTests
{
    [Fact]
    public async Task ControlFaults_ResetBody_SendsHeadersThenAbortsMidBody_ThenRecovers()
    {
        await using var server = await SandboxServer.StartAsync(o => o.RateLimitsEnabled = false, cancellationToken: TestContext.Current.CancellationToken);
        await SetFaultsAsync(server, "{\"account\":\"rogue-creamery\",\"reset_body_requests\":1}");

        using var broken = await SendAsync(server, SandboxTestExtensions.Rogue);
        var failure = await Record.ExceptionAsync(() => broken.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        using var next = await SendAsync(server, SandboxTestExtensions.Rogue);

        Assert.Equal(HttpStatusCode.OK, broken.StatusCode);
        Assert.True(failure is HttpIOException or HttpRequestException, $"expected a broken body, got {failure?.GetType().Name ?? "a complete body"}");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.StartsWith("{\"data\"", await next.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ControlFaults_StallBody_SendsHeadersAndFirstBytesThenNothing_ForThatAccountOnly()
    {
        await using var server = await SandboxServer.StartAsync(o => o.RateLimitsEnabled = false, cancellationToken: TestContext.Current.CancellationToken);
        await SetFaultsAsync(server, "{\"account\":\"rogue-creamery\",\"stall_body_requests\":1}");

        using var stalled = await SendAsync(server, SandboxTestExtensions.Rogue);
        using var other = await SendAsync(server, SandboxTestExtensions.Alder);
        await using var body = await stalled.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        var first = new byte[64];
        var read = await body.ReadAtLeastAsync(first, 9, throwOnEndOfStream: true, TestContext.Current.CancellationToken);
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        patience.CancelAfter(TimeSpan.FromSeconds(2));
        var rest = await Record.ExceptionAsync(async () => await body.ReadAtLeastAsync(new byte[64], 1, throwOnEndOfStream: true, patience.Token));
        using var next = await SendAsync(server, SandboxTestExtensions.Rogue);

        Assert.Equal(HttpStatusCode.OK, stalled.StatusCode);
        Assert.Equal("{\"data\":[", System.Text.Encoding.UTF8.GetString(first, 0, read));
        Assert.IsAssignableFrom<OperationCanceledException>(rest);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.StartsWith("{\"data\"", await other.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.StartsWith("{\"data\"", await next.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredBodyFaults_ApplyFromStartUp_ThenStop()
    {
        await using var server = await SandboxServer.StartAsync(
            o =>
            {
                o.RateLimitsEnabled = false;
                o.Faults["alder-and-ash"] = new() { ResetBodyRequests = 2 };
            },
            cancellationToken: TestContext.Current.CancellationToken);

        var outcomes = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await SendAsync(server, SandboxTestExtensions.Alder);
            outcomes.Add(await Record.ExceptionAsync(() => response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)) is null);
        }

        Assert.Equal([false, false, true], outcomes);
    }

    private static Task<HttpResponseMessage> SendAsync(SandboxServer server, string key) =>
        server.Client.SendAsync(SandboxServer.Request(HttpMethod.Get, "api/metrics", key), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);

    private static async Task SetFaultsAsync(SandboxServer server, string json)
    {
        using var response = await server.Client.PostAsync("_control/faults", SandboxRateLimitTests.Json(json), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
