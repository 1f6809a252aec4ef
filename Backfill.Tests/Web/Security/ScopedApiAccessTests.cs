using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Backfill.Services.Alerts;
using Backfill.Services.Backfill;
using Backfill.Services.Storage;
using Backfill.Tests.Web.Api;
using Backfill.Web.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Web.Security;

/// <summary>
/// API keys limited to some clients (<c>Auth:ApiKeys:{n}:Clients</c>): every per-client route answers another client's id
/// exactly as it answers an id nobody registered, and the list and bulk routes see only the key's clients.
/// </summary>
public sealed partial class ScopedApiAccessTests(ScopedApiAccessTests.ScopedApp fixture) : IClassFixture<ScopedApiAccessTests.ScopedApp>
{
    /// <summary>Registered (a demo client), but outside every scoped key's list.</summary>
    private const string Other = "northloop-outfitters";

    private const string Unknown = "no-such-client";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Every route that takes a client id: method, path with <c>{id}</c>, whether it is a command (operator), and the
    /// client in the scoped keys' lists it is tried with (reads on the viewer's client, commands on the operator's own).
    /// </summary>
    public static TheoryData<string, string, bool> ClientRoutes => new()
    {
        { "GET", "/api/backfill/status/{id}", false },
        { "GET", "/api/backfill/data/{id}/summary", false },
        { "GET", "/api/backfill/data/{id}/orders?limit=5", false },
        { "GET", "/api/backfill/data/{id}/orders.csv", false },
        { "GET", "/api/backfill/data/{id}/export?kind=daily&format=csv", false },
        { "GET", "/api/backfill/runs/{id}", false },
        { "GET", "/api/backfill/validation/{id}", false },
        { "GET", "/api/backfill/data/{id}/range", false },
        { "POST", "/api/backfill/start/{id}?days=1", true },
        { "POST", "/api/backfill/cancel/{id}", true },
        { "POST", "/api/backfill/retry/{id}", true },
        { "DELETE", "/api/backfill/clear/{id}", true },
        { "POST", "/api/backfill/refresh/{id}?lookback_days=1", true },
        { "DELETE", "/api/backfill/data/{id}", true },
        { "POST", "/api/backfill/validate/{id}", true },
        { "POST", "/api/backfill/resync/{id}", true },
        { "DELETE", "/api/clients/{id}", true },
        { "PUT", "/api/clients/{id}", true },
        { "PUT", "/api/clients/{id}/schedule", true },
        { "DELETE", "/api/clients/{id}/schedule", true },
    };

    [Fact]
    public void ClientRoutes_ListEveryRouteWithAClientIdAndEachIsScoped()
    {
        var listed = ClientRoutes.Select(r => r.Data.Item1 + " " + r.Data.Item2.Split('?')[0].Replace("{id}", "{client_id}", StringComparison.Ordinal)).ToHashSet();
        var mapped = fixture.App.Services.GetServices<EndpointDataSource>()
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal) && e.RoutePattern.RawText.Contains("{client_id}", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(mapped);
        Assert.All(mapped, e => Assert.True(e.Metadata.GetMetadata<ClientScopedMetadata>() is not null, $"{e.RoutePattern.RawText} is not scoped (RequireClientScope)"));
        var shapes = mapped.SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => m + " " + e.RoutePattern.RawText!.TrimEnd('/')));
        Assert.Empty(shapes.Except(listed));
    }

    [Theory]
    [MemberData(nameof(ClientRoutes))]
    public async Task OtherClient_Is404IdenticalToAnUnknownClient(string method, string route, bool command)
    {
        var key = command ? fixture.ScopedOperatorKey : fixture.ScopedViewerKey;

        var other = await ProblemAsync(method, route, Other, key);
        var unknownForScoped = await ProblemAsync(method, route, Unknown, key);
        var unknownForAll = await ProblemAsync(method, route, Unknown, fixture.OperatorKey);

        Assert.Equal(404, other.Status);
        Assert.Equal(unknownForAll, unknownForScoped);
        Assert.Equal(unknownForAll, other with { Body = other.Body.Replace(Other, Unknown, StringComparison.Ordinal) });
        Assert.Equal(BackfillState.NotStarted, fixture.App.Coordinator.Board.Find(ClientId.Parse(Other))?.State);
    }

    /// <summary>The client routes but removing a client, which <see cref="AddAndRemove_ScopedOperator_OnlyIdsInItsList"/> checks on a client it adds.</summary>
    public static TheoryData<string, string, bool> OwnClientRoutes => new(ClientRoutes.Where(r => r.Data.Item2 != "/api/clients/{id}").Select(r => r.Data));

    [Theory]
    [MemberData(nameof(OwnClientRoutes))]
    public async Task OwnClient_GetsTheRoutesNormalAnswer(string method, string route, bool command)
    {
        var (key, id) = command ? (fixture.ScopedOperatorKey, "alder-and-ash") : (fixture.ScopedViewerKey, "rogue-creamery");

        using var response = await SendAsync(method, route.Replace("{id}", id, StringComparison.Ordinal), key);

        if (command)
        {
            // A command's answer is its own business (202, 200, 409…); it is never the unknown-client 404 or a refusal.
            Assert.NotEqual(HttpStatusCode.NotFound, response.StatusCode);
            Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.True((int)response.StatusCode < 500, $"{method} {route} answered {(int)response.StatusCode}");
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Lists_ContainOnlyTheKeysClients()
    {
        await fixture.App.Services.GetRequiredService<AlertIncidentStore>().SaveAsync([Incident("rogue-creamery"), Incident(Other)], Ct);

        var statuses = await JsonAsync("/api/backfill/status", fixture.ScopedViewerKey);
        var clients = await JsonAsync("/api/clients", fixture.ScopedViewerKey);
        var alerts = await JsonAsync("/api/alerts", fixture.ScopedViewerKey);
        var quota = await JsonAsync("/api/quota", fixture.ScopedViewerKey);
        var allAlerts = await JsonAsync("/api/alerts", fixture.OperatorKey);

        Assert.Equal(["rogue-creamery"], statuses.GetProperty("statuses").EnumerateArray().Select(c => c.GetProperty("client_id").GetString()));
        Assert.Equal(1, statuses.GetProperty("total").GetInt32());
        Assert.Equal(["rogue-creamery"], clients.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(["rogue-creamery"], alerts.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("client_id").GetString()));
        Assert.Equal(1, alerts.GetProperty("open").GetInt32());
        Assert.Equal(["rogue-creamery"], quota.GetProperty("clients").EnumerateArray().Select(c => c.GetProperty("client_id").GetString()));
        Assert.Contains(allAlerts.GetProperty("incidents").EnumerateArray(), i => i.GetProperty("client_id").GetString() == Other);
    }

    [Fact]
    public async Task Bulk_AnotherClientIsAnsweredAsUnknown_AndImportIsRefusedToAScopedCaller()
    {
        using var bulk = await SendAsync("POST", "/api/backfill/bulk", fixture.NarrowOperatorKey, $$"""{"action":"cancel","clients":["alder-and-ash","{{Other}}","{{Unknown}}"]}""");
        var results = JsonDocument.Parse(await bulk.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("results").EnumerateArray().ToList();
        using var import = new HttpRequestMessage(HttpMethod.Post, "/api/clients/import?dry_run=true")
        {
            Content = new StringContent("id,name,klaviyo_secret_name\nalder-and-ash,Alder,\n", Encoding.UTF8, "text/csv"),
        };
        import.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.ScopedOperatorKey);
        using var imported = await fixture.App.Client.SendAsync(import, Ct);

        Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
        Assert.Equal(["alder-and-ash", Other, Unknown], results.Select(r => r.GetProperty("client_id").GetString()));
        Assert.NotEqual("not_found", results[0].GetProperty("refusal").GetString());
        Assert.Equal(results[2].GetRawText().Replace(Unknown, Other, StringComparison.Ordinal), results[1].GetRawText());
        Assert.Equal(HttpStatusCode.Forbidden, imported.StatusCode);
    }

    [Fact]
    public async Task Schedules_AScopedCallerSeesOnlyItsClients_AndCannotSetTheDefaultOrThePause()
    {
        var scoped = await JsonAsync("/api/schedules", fixture.ScopedViewerKey);
        var all = await JsonAsync("/api/schedules", fixture.OperatorKey);
        using var pause = await SendAsync("PUT", "/api/schedules/pause", fixture.ScopedOperatorKey, """{"paused":true}""");
        using var setDefault = await SendAsync("PUT", "/api/schedules/default", fixture.ScopedOperatorKey, """{"cron":"0 4 * * *","kind":"refresh","enabled":true}""");
        var after = await JsonAsync("/api/schedules", fixture.OperatorKey);

        Assert.Equal(["rogue-creamery"], scoped.GetProperty("clients").EnumerateArray().Select(c => c.GetProperty("client_id").GetString()));
        Assert.Contains(all.GetProperty("clients").EnumerateArray(), c => c.GetProperty("client_id").GetString() == Other);
        Assert.Equal(HttpStatusCode.Forbidden, pause.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, setDefault.StatusCode);
        Assert.False(after.GetProperty("paused").GetBoolean());
        Assert.Equal(all.GetProperty("default").GetProperty("cron").GetString(), after.GetProperty("default").GetProperty("cron").GetString());
    }

    [Theory]
    [InlineData("/api/backfill/start-all", """{"days":1}""", "clients", "skipped_running")]
    [InlineData("/api/backfill/refresh-all", """{"lookback_days":1}""", "started", "skipped_busy")]
    public async Task StartAllAndRefreshAll_TouchOnlyTheKeysClients(string url, string body, string started, string skipped)
    {
        using var response = await SendAsync("POST", url, fixture.ScopedOperatorKey, body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        var touched = answer.GetProperty(started).EnumerateArray().Concat(answer.GetProperty(skipped).EnumerateArray())
            .Select(c => c.GetProperty("id").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["alder-and-ash", "rogue-creamery"], touched);
        Assert.Equal(BackfillState.NotStarted, fixture.App.Coordinator.Board.Find(ClientId.Parse(Other))?.State);
    }

    [Fact]
    public async Task StartAll_TestModeWithTheTestClientOutsideTheList_IsTheUnregisteredTestClientsAnswer()
    {
        using var response = await SendAsync("POST", "/api/backfill/start-all", fixture.NarrowOperatorKey, """{"days":1,"test_mode":true}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("detail").GetString();
        Assert.Contains("is not registered", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAndRemove_ScopedOperator_OnlyIdsInItsList()
    {
        using var taken = await SendAsync("POST", "/api/clients", fixture.ScopedOperatorKey, $$"""{"id":"{{Other}}","name":"Probe"}""");
        // Named like the other client: the look-alike warning must not name it.
        using var added = await SendAsync("POST", "/api/clients", fixture.ScopedOperatorKey, """{"id":"scoped-new","name":"Northloop Outfitters","sandbox_account":true}""");
        var addedBody = await added.Content.ReadAsStringAsync(Ct);
        var listed = await JsonAsync("/api/clients", fixture.ScopedOperatorKey);
        using var removed = await SendAsync("DELETE", "/api/clients/scoped-new", fixture.ScopedOperatorKey);

        // 403 whether or not the id is taken: a 409 "taken" would tell the key that another client exists.
        Assert.Equal(HttpStatusCode.Forbidden, taken.StatusCode);
        Assert.DoesNotContain("taken", await taken.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.DoesNotContain(Other, addedBody, StringComparison.Ordinal);
        Assert.DoesNotContain("\"warnings\"", addedBody, StringComparison.Ordinal);
        Assert.Contains(listed.EnumerateArray(), c => c.GetProperty("id").GetString() == "scoped-new");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
    }

    private async Task<Answer> ProblemAsync(string method, string route, string id, string key)
    {
        using var response = await SendAsync(method, route.Replace("{id}", id, StringComparison.Ordinal), key);
        var body = TraceId().Replace(await response.Content.ReadAsStringAsync(Ct), "");
        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    private async Task<JsonElement> JsonAsync(string url, string key)
    {
        using var response = await SendAsync("GET", url, key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string url, string key, string? body = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (url.Contains("/resync/", StringComparison.Ordinal))
        {
            body = $$"""{"dates":["{{DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2):yyyy-MM-dd}}"]}""";
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await fixture.App.Client.SendAsync(request, Ct);
    }

    private static AlertIncident Incident(string client) => new()
    {
        ClientId = ClientId.Parse(client),
        ClientName = client,
        Kind = AlertKind.RunFailed,
        Summary = $"{client} failed",
        OpenedAt = DateTimeOffset.UtcNow,
        LastNotifiedAt = DateTimeOffset.UtcNow,
    };

    [GeneratedRegex("\"trace_?[iI]d\":\"[^\"]*\",?")]
    private static partial Regex TraceId();

    private sealed record Answer(int Status, string? ContentType, string Body);

    /// <summary>One app: an unscoped operator key, and scoped viewer and operator keys (by their hashes only).</summary>
    public sealed class ScopedApp : IAsyncLifetime
    {
        public string OperatorKey { get; } = NewKey();

        /// <summary>Sees rogue-creamery only.</summary>
        public string ScopedViewerKey { get; } = NewKey();

        /// <summary>Operates alder-and-ash, rogue-creamery and a client it may add, scoped-new.</summary>
        public string ScopedOperatorKey { get; } = NewKey();

        /// <summary>Operates alder-and-ash only (not the test client).</summary>
        public string NarrowOperatorKey { get; } = NewKey();

        internal BackfillApp App { get; private set; } = null!;

        public async ValueTask InitializeAsync() => App = await BackfillApp.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:0:Name"] = "ops",
            ["Auth:ApiKeys:0:Role"] = "operator",
            ["Auth:ApiKeys:0:Sha256"] = ApiKeyHashes.Sha256Hex(OperatorKey),
            ["Auth:ApiKeys:1:Name"] = "creamery-dashboard",
            ["Auth:ApiKeys:1:Role"] = "viewer",
            ["Auth:ApiKeys:1:Sha256"] = ApiKeyHashes.Sha256Hex(ScopedViewerKey),
            ["Auth:ApiKeys:1:Clients:0"] = "rogue-creamery",
            ["Auth:ApiKeys:2:Name"] = "two-shops",
            ["Auth:ApiKeys:2:Role"] = "operator",
            ["Auth:ApiKeys:2:Sha256"] = ApiKeyHashes.Sha256Hex(ScopedOperatorKey),
            ["Auth:ApiKeys:2:Clients:0"] = "alder-and-ash",
            ["Auth:ApiKeys:2:Clients:1"] = "rogue-creamery",
            ["Auth:ApiKeys:2:Clients:2"] = "scoped-new",
            ["Auth:ApiKeys:3:Name"] = "one-shop",
            ["Auth:ApiKeys:3:Role"] = "operator",
            ["Auth:ApiKeys:3:Sha256"] = ApiKeyHashes.Sha256Hex(NarrowOperatorKey),
            ["Auth:ApiKeys:3:Clients:0"] = "alder-and-ash",
        });

        public async ValueTask DisposeAsync() => await App.DisposeAsync();

        private static string NewKey() => "bk_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
    }
}
