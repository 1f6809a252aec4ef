using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Backfill.Tests.Web.Api;
using Backfill.Web.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Backfill.Tests.Web.Security;

/// <summary>
/// The API rate limiter on the real app over Kestrel (the partition is the signed-in caller: "local" in local mode),
/// with limits small enough to reach in a few requests and a window long enough never to roll over during a test.
/// </summary>
public sealed class ApiRateLimitTests
{
    private const int Reads = 3;
    private const int Commands = 2;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<BackfillApp> StartAsync(bool trustForwardedHeaders = false) => BackfillApp.StartAsync(new Dictionary<string, string?>
    {
        ["Api:RateLimit:ReadPermitLimit"] = Reads.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Api:RateLimit:CommandPermitLimit"] = Commands.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Api:RateLimit:Window"] = "01:00:00",
        ["Http:TrustForwardedHeaders"] = trustForwardedHeaders ? "true" : "false",
    });

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, HttpMethod method, string path, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }

    private static async Task SpendReadsAsync(HttpClient client, string? forwardedFor = null)
    {
        for (var i = 0; i < Reads; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await SendAsync(client, HttpMethod.Get, "/api/backfill/status", forwardedFor));
        }
    }

    [Fact]
    public async Task Get_OverTheReadLimit_Returns429ProblemWithRetryAfter()
    {
        await using var app = await StartAsync();
        await SpendReadsAsync(app.Client);

        using var response = await app.Client.GetAsync(new Uri("/api/clients", UriKind.Relative), Ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, body.RootElement.GetProperty("status").GetInt32());
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Get_ReadLimitSpent_CommandsHealthSandboxAndPagesStillAnswer()
    {
        await using var app = await StartAsync();
        await SpendReadsAsync(app.Client);
        Assert.Equal(HttpStatusCode.TooManyRequests, await SendAsync(app.Client, HttpMethod.Get, "/api/backfill/status"));

        Assert.NotEqual(HttpStatusCode.TooManyRequests, await SendAsync(app.Client, HttpMethod.Post, "/api/backfill/cancel/nobody"));
        for (var i = 0; i < Reads + 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await SendAsync(app.Client, HttpMethod.Get, "/health"));
            Assert.Equal(HttpStatusCode.OK, await SendAsync(app.Client, HttpMethod.Get, "/"));
            using var sandbox = new HttpRequestMessage(HttpMethod.Get, "/sandbox/klaviyo/api/accounts");
            sandbox.Headers.Authorization = new AuthenticationHeaderValue("Klaviyo-API-Key", "pk_sandbox_rogue-creamery");
            sandbox.Headers.Add("revision", "2026-07-15");
            using var response = await app.Client.SendAsync(sandbox, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Post_OverTheCommandLimit_Returns429()
    {
        await using var app = await StartAsync();
        for (var i = 0; i < Commands; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await SendAsync(app.Client, HttpMethod.Post, "/api/backfill/cancel/nobody"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await SendAsync(app.Client, HttpMethod.Delete, "/api/clients/nobody"));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(app.Client, HttpMethod.Get, "/api/backfill/status"));
    }

    [Fact]
    public async Task Get_OneApiCallerOverTheLimit_AnotherCallerIsServed()
    {
        // Each caller is its own partition: API keys sign callers in, so the limiter keys on their names.
        const string First = "first-caller-key";
        const string Second = "second-caller-key";
        await using var app = await BackfillApp.StartAsync(new Dictionary<string, string?>
        {
            ["Api:RateLimit:ReadPermitLimit"] = Reads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Api:RateLimit:Window"] = "01:00:00",
            ["Auth:ApiKeys:0:Name"] = "first",
            ["Auth:ApiKeys:0:Sha256"] = ApiKeyHashes.Sha256Hex(First),
            ["Auth:ApiKeys:1:Name"] = "second",
            ["Auth:ApiKeys:1:Sha256"] = ApiKeyHashes.Sha256Hex(Second),
        });
        using var first = new HttpClient { BaseAddress = app.Client.BaseAddress };
        first.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", First);
        using var second = new HttpClient { BaseAddress = app.Client.BaseAddress };
        second.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Second);

        await SpendReadsAsync(first);
        Assert.Equal(HttpStatusCode.TooManyRequests, await SendAsync(first, HttpMethod.Get, "/api/backfill/status"));

        Assert.Equal(HttpStatusCode.OK, await SendAsync(second, HttpMethod.Get, "/api/backfill/status"));
    }

    [Fact]
    public async Task LocalMode_RequestForwardedFromAnotherMachine_IsRefused()
    {
        // Local mode behind a reverse proxy would expose an operator session to the network; the peer check stops it.
        await using var app = await StartAsync(trustForwardedHeaders: true);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/backfill/status");
        request.Headers.Add("X-Forwarded-For", "203.0.113.5");
        using var response = await app.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Local mode serves this machine only", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await SendAsync(app.Client, HttpMethod.Get, "/api/backfill/status", "127.0.0.1"));
    }

    [Fact]
    public void GetPartition_SignedInUser_PartitionsByNameAndKindOfRequest()
    {
        var policy = new ApiRateLimitPolicy(Options.Create(new ApiRateLimitOptions()));
        var signedIn = new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "alice@example.com")], "test")) };
        signedIn.Request.Method = HttpMethods.Delete;
        signedIn.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.5");
        var anonymous = new DefaultHttpContext();
        anonymous.Request.Method = HttpMethods.Get;
        anonymous.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.5");

        Assert.Equal(new ApiCaller("user:alice@example.com", Command: true), policy.GetPartition(signedIn).PartitionKey);
        Assert.Equal(new ApiCaller("ip:203.0.113.5", Command: false), policy.GetPartition(anonymous).PartitionKey);
    }
}
