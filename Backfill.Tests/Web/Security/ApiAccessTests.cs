using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Backfill.Services.Backfill;
using Backfill.Services.Storage;
using Backfill.Tests.Web.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Web.Security;

/// <summary>The running app with API keys configured: who may call which route, checked on every route.</summary>
public sealed class ApiAccessTests(ApiAccessTests.KeyedApp fixture) : IClassFixture<ApiAccessTests.KeyedApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every API route a caller can reach, with what each role should get (operator commands on a client nobody runs).</summary>
    public static TheoryData<string, string, bool> Routes => new()
    {
        { "GET", "/api/backfill/status", false },
        { "GET", "/api/backfill/status/rogue-creamery", false },
        { "GET", "/api/backfill/data/rogue-creamery/summary", false },
        { "GET", "/api/backfill/data/rogue-creamery/orders?limit=5", false },
        { "GET", "/api/backfill/data/rogue-creamery/range?from=2026-01-01&to=2026-01-31", false },
        { "GET", "/api/backfill/data/rogue-creamery/orders.csv", false },
        { "GET", "/api/backfill/data/rogue-creamery/export?kind=daily&format=xlsx", false },
        { "GET", "/api/backfill/runs/rogue-creamery", false },
        { "GET", "/api/backfill/validation/rogue-creamery", false },
        { "GET", "/api/clients", false },
        { "GET", "/api/alerts", false },
        { "GET", "/api/schedules", false },
        { "GET", "/api/quota", false },
        { "GET", "/openapi/v1.json", false },
        { "POST", "/api/backfill/start/alder-and-ash?days=7", true },
        { "POST", "/api/backfill/start-all", true },
        { "POST", "/api/backfill/bulk", true },
        { "POST", "/api/backfill/cancel/alder-and-ash", true },
        { "POST", "/api/backfill/retry/alder-and-ash", true },
        { "DELETE", "/api/backfill/clear/alder-and-ash", true },
        { "POST", "/api/backfill/refresh/alder-and-ash?lookback_days=2", true },
        { "POST", "/api/backfill/refresh-all", true },
        { "DELETE", "/api/backfill/data/alder-and-ash", true },
        { "POST", "/api/backfill/validate/alder-and-ash", true },
        { "POST", "/api/backfill/resync/alder-and-ash", true },
        { "POST", "/api/clients", true },
        { "POST", "/api/clients/test", true },
        { "POST", "/api/clients/import?dry_run=true", true },
        { "DELETE", "/api/clients/no-such-client", true },
        { "PUT", "/api/clients/no-such-client", true },
        { "POST", "/api/alerts/test", true },
        { "PUT", "/api/clients/alder-and-ash/schedule", true },
        { "DELETE", "/api/clients/alder-and-ash/schedule", true },
        { "PUT", "/api/schedules/default", true },
        { "PUT", "/api/schedules/pause", true },
    };

    [Fact]
    public void Routes_ListEveryApiRouteTheAppMaps()
    {
        static string Shape(string method, string path) =>
            method + " " + System.Text.RegularExpressions.Regex.Replace(path.Split('?')[0], "(rogue-creamery|alder-and-ash|no-such-client|\\{client_id\\})", "{id}");
        var listed = Routes.Select(r => Shape(r.Data.Item1, r.Data.Item2)).ToHashSet(StringComparer.Ordinal);
        var mapped = fixture.App.Services.GetServices<Microsoft.AspNetCore.Routing.EndpointDataSource>()
            .SelectMany(d => d.Endpoints)
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => Shape(m, e.RoutePattern.RawText!.TrimEnd('/'))))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Empty(mapped.Except(listed));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Anonymous_Is401ProblemWithBearerChallenge(string method, string url, bool _)
    {
        using var response = await SendAsync(method, url, key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        await AssertProblemAsync(response, 401);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task UnknownKey_Is401(string method, string url, bool _)
    {
        using var response = await SendAsync(method, url, key: "not-a-configured-key");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await AssertProblemAsync(response, 401);
        Assert.Contains("not recognised", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Viewer_ReadsButIsRefusedEveryCommand(string method, string url, bool command)
    {
        using var response = await SendAsync(method, url, fixture.ViewerKey);

        if (command)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var problem = await AssertProblemAsync(response, 403);
            Assert.Contains("needs the operator role", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Operator_PassesAuthorizationOnEveryRoute(string method, string url, bool _)
    {
        using var response = await SendAsync(method, url, fixture.OperatorKey);

        // What happens next is the route's business (202, 409, 404…); only the access decision is checked here.
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True((int)response.StatusCode < 500, $"{method} {url} answered {(int)response.StatusCode}");
    }

    [Fact]
    public async Task Operator_QuickCheck_RunsToCompletionThroughTheInAppSandbox()
    {
        using var response = await SendAsync("POST", "/api/backfill/start/northloop-outfitters?days=3", fixture.OperatorKey);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        using var subscription = fixture.App.Coordinator.Subscribe();
        await foreach (var board in subscription.Updates.ReadAllAsync(Ct))
        {
            if (board.Find(ClientId.Parse("northloop-outfitters")) is { State: BackfillState.Completed or BackfillState.Failed } status)
            {
                // The engine reaches the sandbox with Klaviyo's own header, which the app's sign-in must not block.
                Assert.Equal(BackfillState.Completed, status.State);
                break;
            }
        }
    }

    [Theory]
    [InlineData("/health", HttpStatusCode.OK)]
    [InlineData("/sandbox/klaviyo/api/accounts", HttpStatusCode.Unauthorized)]
    public async Task Anonymous_HealthAndSandboxKeepTheirOwnRules(string url, HttpStatusCode expected)
    {
        using var response = await SendAsync("GET", url, key: null);

        // 401 from the sandbox is Klaviyo's JSON:API error (its own Klaviyo-API-Key scheme), not the app's challenge.
        Assert.Equal(expected, response.StatusCode);
        Assert.DoesNotContain(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/data/rogue-creamery")]
    [InlineData("/_blazor/negotiate?negotiateVersion=1")]
    public async Task Anonymous_DashboardAndItsCircuitAreClosed(string url)
    {
        using var response = await SendAsync(url.StartsWith("/_blazor", StringComparison.Ordinal) ? "POST" : "GET", url, key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string url, string? key)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (method == "POST" && url.EndsWith("/start-all", StringComparison.Ordinal))
        {
            request.Content = new StringContent("""{"days":3,"test_mode":true}""", Encoding.UTF8, "application/json");
        }
        else if (method == "POST" && url.EndsWith("/refresh-all", StringComparison.Ordinal))
        {
            // Test mode: only the test client, so the other clients stay free for the tests that run them.
            request.Content = new StringContent("""{"lookback_days":2,"test_mode":true}""", Encoding.UTF8, "application/json");
        }
        else if (method == "PUT" && url == "/api/clients/no-such-client")
        {
            request.Content = new StringContent("""{"name":"Nobody"}""", Encoding.UTF8, "application/json");
        }
        else if (method == "PUT" && url.EndsWith("/pause", StringComparison.Ordinal))
        {
            request.Content = new StringContent("""{"paused":false}""", Encoding.UTF8, "application/json");
        }
        else if (method == "PUT")
        {
            request.Content = new StringContent("""{"cron":"0 3 * * *","kind":"refresh","enabled":true}""", Encoding.UTF8, "application/json");
        }
        else if (method == "POST" && url.EndsWith("/bulk", StringComparison.Ordinal))
        {
            // A command every client refuses (nothing is running), so the other tests' clients stay free.
            request.Content = new StringContent("""{"action":"cancel","clients":["alder-and-ash"]}""", Encoding.UTF8, "application/json");
        }
        else if (method == "POST" && url.StartsWith("/api/clients/import", StringComparison.Ordinal))
        {
            request.Content = new StringContent("id,name,klaviyo_secret_name\n", Encoding.UTF8, "text/csv");
        }
        else if (method == "POST" && url == "/api/clients/test")
        {
            request.Content = new StringContent("""{"id":"alder-and-ash","name":"Alder","sandbox_account":true}""", Encoding.UTF8, "application/json");
        }
        else if (method == "POST" && url == "/api/clients")
        {
            request.Content = new StringContent("""{"id":"role-test","name":"Role test"}""", Encoding.UTF8, "application/json");
        }

        return await fixture.App.Client.SendAsync(request, Ct);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>One app for the class, with a viewer key and an operator key configured by their hashes only.</summary>
    public sealed class KeyedApp : IAsyncLifetime
    {
        public string ViewerKey { get; } = "bk_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

        public string OperatorKey { get; } = "bk_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

        internal BackfillApp App { get; private set; } = null!;

        public async ValueTask InitializeAsync() => App = await BackfillApp.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:0:Name"] = "reporting",
            ["Auth:ApiKeys:0:Role"] = "viewer",
            ["Auth:ApiKeys:0:Sha256"] = ApiKeyHashes.Sha256Hex(ViewerKey),
            ["Auth:ApiKeys:1:Name"] = "ops-script",
            ["Auth:ApiKeys:1:Role"] = "operator",
            ["Auth:ApiKeys:1:Sha256"] = ApiKeyHashes.Sha256Hex(OperatorKey).ToUpperInvariant(),
        });

        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }
}
