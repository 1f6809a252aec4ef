using System.Net;
using System.Runtime.CompilerServices;
using Backfill.Services.Klaviyo;

namespace Backfill.Tests.Klaviyo.Client;

public sealed class KlaviyoPipelineTests : IDisposable
{
    private const string AccountJson = """
        {"data":[{"type":"account","id":"AbC123","attributes":{"timezone":"America/Chicago","preferred_currency":"USD",
          "locale":"en-US","test_account":false,"contact_information":{"organization_name":"Rogue"}},"links":{"self":"x"}}],
         "links":{"self":"https://klaviyo.test/api/accounts"}}
        """;

    private const string MetricsJson = """{"data":[{"type":"metric","id":"M1","attributes":{"name":"Placed Order"}}],"links":{"self":"s"}}""";

    /// <summary>A guard against a hung test, not a timing assertion: time inside the client is fake.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly KlaviyoTestHost _host = new();

    private static Task<List<string>> MetricIdsAsync(IKlaviyoClient client) =>
        client.GetMetricsAsync(TestContext.Current.CancellationToken).Select(m => m.Id).ToListAsync(TestContext.Current.CancellationToken).AsTask();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task GetAccountAsync_Always_SendsKeyRevisionAndJsonApiAccept()
    {
        _host.Handler.Then(HttpStatusCode.OK, AccountJson);

        var account = await _host.Client().GetAccountAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new KlaviyoAccount("AbC123", "America/Chicago", "USD", "en-US", "Rogue", false), account);
        var request = Assert.Single(_host.Handler.Requests);
        Assert.Equal("https://klaviyo.test/api/accounts", request.Uri.AbsoluteUri);
        Assert.Equal("Klaviyo-API-Key " + KlaviyoTestHost.Key, request.Headers["Authorization"]);
        Assert.Equal("2026-07-15", request.Headers["revision"]);
        Assert.Equal("application/vnd.api+json", request.Headers["Accept"]);
    }

    [Fact]
    public async Task Send_ServerError_RetriesAfterBackoffNotBefore()
    {
        _host.Handler.Then(HttpStatusCode.ServiceUnavailable, """{"errors":[]}""").Then(HttpStatusCode.OK, MetricsJson);
        var client = _host.Client();

        var call = MetricIdsAsync(client);
        await _host.Handler.WaitForRequestsAsync(1);
        _host.Time.Advance(TimeSpan.FromMilliseconds(999));
        var beforeBackoff = _host.Handler.Requests.Count;
        _host.Time.Advance(TimeSpan.FromMilliseconds(1));
        await _host.Handler.WaitForRequestsAsync(2);
        var metrics = await call.WaitAsync(Deadline, TestContext.Current.CancellationToken);

        Assert.Equal(1, beforeBackoff);
        Assert.Equal(["M1"], metrics);
        Assert.Equal(new KlaviyoClientStatistics(2, 0), client.Statistics);
    }

    [Fact]
    public async Task Send_NetworkError_IsRetried()
    {
        _host.Handler.Then(_ => throw new HttpRequestException("connection reset")).Then(HttpStatusCode.OK, MetricsJson);

        var call = MetricIdsAsync(_host.Client());
        await _host.Handler.WaitForRequestsAsync(1);
        _host.Time.Advance(TimeSpan.FromSeconds(1));
        await _host.Handler.WaitForRequestsAsync(2);

        Assert.Equal(["M1"], await call.WaitAsync(Deadline, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Send_Throttled_WaitsRetryAfterSecondsThenSucceeds()
    {
        _host.Handler
            .Then(HttpStatusCode.TooManyRequests, """{"errors":[{"id":"1","status":429,"code":"throttled","title":"Request was throttled.","detail":"Request was throttled. Expected available in 7 seconds."}]}""", ("Retry-After", "7"))
            .Then(HttpStatusCode.OK, MetricsJson);
        var client = _host.Client();
        var start = _host.Time.GetUtcNow();

        var call = MetricIdsAsync(client);
        await _host.Handler.WaitForRequestsAsync(1);
        _host.Time.Advance(TimeSpan.FromSeconds(6.9));
        var beforeRetryAfter = _host.Handler.Requests.Count;
        _host.Time.Advance(TimeSpan.FromSeconds(0.2));
        await _host.Handler.WaitForRequestsAsync(2);
        await call.WaitAsync(Deadline, TestContext.Current.CancellationToken);

        Assert.Equal(1, beforeRetryAfter);
        Assert.True(_host.Handler.Requests.Last().At - start >= TimeSpan.FromSeconds(7));
        Assert.Equal(new KlaviyoClientStatistics(2, 1), client.Statistics);
    }

    [Fact]
    public async Task Send_ThrottledBeyondMaxWait_ThrowsRateLimitedWithRetryAtAndDoesNotRetry()
    {
        _host.Handler.Then(HttpStatusCode.TooManyRequests, """{"errors":[{"code":"throttled","detail":"Expected available in 3600 seconds."}]}""", ("Retry-After", "3600"));
        var start = _host.Time.GetUtcNow();

        var error = await Assert.ThrowsAsync<KlaviyoRateLimitedException>(() => _host.Client().GetAccountAsync(TestContext.Current.CancellationToken));

        Assert.Equal(start.AddHours(1), error.RetryAt);
        Assert.Equal("accounts", error.Bucket);
        Assert.Contains("rate limited until", error.Message, StringComparison.Ordinal);
        Assert.Single(_host.Handler.Requests);
    }

    [Fact]
    public async Task Send_AfterLongThrottle_NextCallFailsFastWithoutRequest()
    {
        _host.Handler.Then(HttpStatusCode.TooManyRequests, """{"errors":[]}""", ("Retry-After", "3600"));
        var client = _host.Client();
        await Assert.ThrowsAsync<KlaviyoRateLimitedException>(() => client.GetAccountAsync(TestContext.Current.CancellationToken));

        var second = await Assert.ThrowsAsync<KlaviyoRateLimitedException>(() => client.GetAccountAsync(TestContext.Current.CancellationToken));

        Assert.True(second.RetryAt >= _host.Time.GetUtcNow().AddMinutes(59));
        Assert.Single(_host.Handler.Requests);
    }

    [Fact]
    public async Task Send_RetriesExhausted_ThrowsApiExceptionAfterEveryAttempt()
    {
        using var host = new KlaviyoTestHost(o => o.Retry.MaxRetryAttempts = 2);
        host.Handler.Fallback = _ => ScriptedKlaviyoHandler.Json(HttpStatusCode.BadGateway, """{"errors":[{"code":"error","title":"A server error occurred.","detail":"upstream"}]}""");

        var call = MetricIdsAsync(host.Client());
        await host.Handler.WaitForRequestsAsync(1);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        await host.Handler.WaitForRequestsAsync(2);
        host.Time.Advance(TimeSpan.FromSeconds(2));
        await host.Handler.WaitForRequestsAsync(3);
        var error = await Assert.ThrowsAsync<KlaviyoApiException>(() => call.WaitAsync(Deadline, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.Equal(3, host.Handler.Requests.Count);
    }

    [Fact]
    public async Task Send_Unauthorized_ThrowsAuthWithoutRetryOrKey()
    {
        _host.Handler.Then(HttpStatusCode.Unauthorized, $$"""{"errors":[{"code":"authentication_failed","title":"Incorrect authentication credentials.","detail":"Key {{KlaviyoTestHost.Key}} is invalid."}]}""");

        var error = await Assert.ThrowsAsync<KlaviyoAuthException>(() => _host.Client().GetAccountAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("rejected the API key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KlaviyoTestHost.Key, error.Message + error.Detail + error, StringComparison.Ordinal);
        Assert.Equal("test-account", error.AccountLabel);
        Assert.Single(_host.Handler.Requests);
    }

    [Fact]
    public async Task Send_ForbiddenNamingScope_ReportsMissingScope()
    {
        _host.Handler.Then(HttpStatusCode.Forbidden, """{"errors":[{"code":"permission_denied","title":"You do not have permission to perform this action.","detail":"This API key is missing required scopes: events:read"}]}""");

        var error = await Assert.ThrowsAsync<KlaviyoAuthException>(() => _host.Client().GetAccountAsync(TestContext.Current.CancellationToken));

        Assert.Equal("events:read", error.MissingScope);
        Assert.Contains("'events:read'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_HtmlForbiddenFromCdn_ThrowsClearApiException()
    {
        _host.Handler.Then(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.Forbidden)
            {
                Content = new StringContent("<!DOCTYPE html><html><title>Just a moment...</title></html>", System.Text.Encoding.UTF8, "text/html"),
            };
            response.Headers.Add("cf-mitigated", "challenge");
            return response;
        });

        var error = await Assert.ThrowsAsync<KlaviyoApiException>(() => _host.Client().GetAccountAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains("non-JSON body (text/html)", error.Message, StringComparison.Ordinal);
        Assert.Contains("CDN challenge", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<html>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_BadRequest_CarriesDetailAndParameter()
    {
        _host.Handler.Then(HttpStatusCode.BadRequest, """{"errors":[{"id":"e","status":400,"code":"invalid","title":"Invalid input.","detail":"Page size must be an integer between 1 and 50: 51","source":{"parameter":"page[size]"}}]}""");

        var error = await Assert.ThrowsAsync<KlaviyoApiException>(() => _host.Client().GetAccountAsync(TestContext.Current.CancellationToken));

        Assert.Equal("invalid", error.ErrorCode);
        Assert.Equal("page[size]", error.SourceParameter);
        Assert.Equal("Page size must be an integer between 1 and 50: 51", error.Detail);
        Assert.Contains("(parameter 'page[size]')", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.Single(_host.Handler.Requests);
    }

    [Fact]
    public async Task Send_SuccessWithNonJsonBody_ThrowsClearApiException()
    {
        _host.Handler.Then(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>maintenance</html>", System.Text.Encoding.UTF8, "text/html") });

        var error = await Assert.ThrowsAsync<KlaviyoApiException>(() => _host.Client().GetAccountAsync(TestContext.Current.CancellationToken));

        Assert.Contains("not JSON (text/html)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_TwoCallsToXsBucket_SecondWaitsForTheBurstWindow()
    {
        _host.Handler.Then(HttpStatusCode.OK, AccountJson).Then(HttpStatusCode.OK, AccountJson);
        var client = _host.Client();
        await client.GetAccountAsync(TestContext.Current.CancellationToken);

        var second = client.GetAccountAsync(TestContext.Current.CancellationToken);
        _host.Time.Advance(TimeSpan.FromSeconds(1));
        var afterOneSecond = _host.Handler.Requests.Count;
        _host.Time.Advance(TimeSpan.FromSeconds(0.1));
        await _host.Handler.WaitForRequestsAsync(2);
        await second.WaitAsync(Deadline, TestContext.Current.CancellationToken);

        Assert.Equal(1, afterOneSecond);
        Assert.Equal(new KlaviyoClientStatistics(2, 0), client.Statistics);
    }

    [Fact]
    public async Task Send_RemainingZeroHeader_DelaysNextRequestUntilReset()
    {
        _host.Handler
            .Then(HttpStatusCode.OK, AccountJson, ("RateLimit-Limit", "15"), ("RateLimit-Remaining", "0"), ("RateLimit-Reset", "30"))
            .Then(HttpStatusCode.OK, AccountJson);
        var client = _host.Client();
        await client.GetAccountAsync(TestContext.Current.CancellationToken);

        var second = client.GetAccountAsync(TestContext.Current.CancellationToken);
        _host.Time.Advance(TimeSpan.FromSeconds(29));
        var beforeReset = _host.Handler.Requests.Count;
        _host.Time.Advance(TimeSpan.FromSeconds(1));
        await _host.Handler.WaitForRequestsAsync(2);
        await second.WaitAsync(Deadline, TestContext.Current.CancellationToken);

        Assert.Equal(1, beforeReset);
    }

    [Fact]
    public async Task GetMetricsAsync_NextLink_IsFollowedVerbatimToTheEnd()
    {
        const string next = "https://klaviyo.test/api/metrics?page%5Bcursor%5D=abc%3D%3D&extra=1";
        _host.Handler
            .Then(HttpStatusCode.OK, $$"""{"data":[{"type":"metric","id":"M1","attributes":{"name":"Placed Order"} } ],"links":{"self":"s","next":"{{next}}"} }""")
            .Then(HttpStatusCode.OK, """{"data":[{"type":"metric","id":"M2","attributes":{"name":"Opened Email","integration":{"name":"Klaviyo"}}}],"links":{"self":"s","next":null}}""");

        var metrics = await _host.Client().GetMetricsAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["M1", "M2"], metrics.Select(m => m.Id));
        Assert.Equal(next, _host.Handler.Requests.Last().Uri.AbsoluteUri);
        Assert.Equal(2, _host.Handler.Requests.Count);
    }

    [Fact]
    public async Task GetMetricsAsync_NextLinkOnAnotherHost_IsRefused()
    {
        _host.Handler.Then(HttpStatusCode.OK, """{"data":[],"links":{"self":"s","next":"https://evil.example/api/metrics?page%5Bcursor%5D=x"}}""");

        await Assert.ThrowsAsync<KlaviyoApiException>(async () =>
            await _host.Client().GetMetricsAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));

        Assert.DoesNotContain(_host.Handler.Requests, r => r.Uri.Host == "evil.example");
    }

    [Fact]
    public async Task GetMetricsAsync_NextLinkRepeats_StopsWithApiException()
    {
        _host.Handler.Fallback = _ => ScriptedKlaviyoHandler.Json(HttpStatusCode.OK, """{"data":[],"links":{"self":"s","next":"https://klaviyo.test/api/metrics?page%5Bcursor%5D=same"}}""");

        var error = await Assert.ThrowsAsync<KlaviyoApiException>(async () =>
            await _host.Client().GetMetricsAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));

        Assert.Contains("repeated itself", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _host.Handler.Requests.Count);
    }

    [Fact]
    public async Task GetCampaignsAsync_EveryChannelAndArchiveState_WithMessagesResolved()
    {
        _host.Handler.Then(HttpStatusCode.OK, """
            {"data":[{"type":"campaign","id":"C1","attributes":{"name":"Spring","status":"Sent","archived":false,"send_time":"2025-03-01T15:00:00+00:00"},
              "relationships":{"campaign-messages":{"data":[{"type":"campaign-message","id":"CM1"}]}}}],
             "included":[{"type":"campaign-message","id":"CM1","attributes":{"definition":{"channel":"email","label":"A","content":{"subject":"Hello"}},
               "send_times":[{"datetime":"2025-03-01T15:00:00+00:00","is_local":false}]}}],
             "links":{"self":"s"}}
            """);

        var campaigns = await _host.Client().GetCampaignsAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        var campaign = Assert.Single(campaigns);
        Assert.Equal("email", campaign.Channel);
        Assert.Equal("Hello", Assert.Single(campaign.Messages).Subject);
        Assert.Equal(6, _host.Handler.Requests.Count);
        var queries = _host.Handler.Requests.Select(r => Uri.UnescapeDataString(r.Uri.Query)).ToList();
        Assert.Contains("?filter=and(equals(messages.channel,'sms'),equals(archived,true))&include=campaign-messages&page[size]=100", queries);
        Assert.All(queries, q => Assert.Contains("page[size]=100", q, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetFlowsAsync_ArchivedAndNot_AtMaxPageSize()
    {
        var flows = await _host.Client().GetFlowsAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Empty(flows);
        Assert.Equal(
            ["?filter=equals(archived,false)&page[size]=50", "?filter=equals(archived,true)&page[size]=50"],
            _host.Handler.Requests.Select(r => Uri.UnescapeDataString(r.Uri.Query)));
    }

    [Fact]
    public async Task GetPlacedOrderEventsAsync_Always_AsksSortedWithIncludesAndResolvesThem()
    {
        _host.Handler.Then(HttpStatusCode.OK, """
            {"data":[{"type":"event","id":"E1","attributes":{"datetime":"2025-01-02T03:04:05+00:00","event_properties":{"$value":5}},
              "relationships":{"profile":{"data":{"type":"profile","id":"P1"}},"attributions":{"data":[{"type":"attribution","id":"A1"}]}}}],
             "included":[{"type":"profile","id":"P1","attributes":{"email":"a@b.c"}},{"type":"attribution","id":"A1","relationships":{}}],
             "links":{"self":"s"}}
            """);

        var events = await _host.Client()
            .GetPlacedOrderEventsAsync("RESQ6t", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);

        var single = Assert.Single(events);
        Assert.Equal("P1", single.Profile?.GetProperty("id").GetString());
        Assert.Equal("A1", Assert.Single(single.Attributions).GetProperty("id").GetString());
        Assert.Equal(5, single.EventProperties.GetProperty("$value").GetInt32());
        var query = Uri.UnescapeDataString(_host.Handler.Requests.Single().Uri.Query);
        Assert.Contains("filter=and(equals(metric_id,\"RESQ6t\"),greater-or-equal(datetime,2025-01-01T00:00:00Z),less-than(datetime,2025-02-01T00:00:00Z))", query, StringComparison.Ordinal);
        Assert.Contains("sort=datetime", query, StringComparison.Ordinal);
        Assert.Contains("include=profile,attributions", query, StringComparison.Ordinal);
        Assert.Contains("page[size]=1000", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPlacedOrderEventsAsync_EventReadPast_IsNoLongerHeldByItsPage()
    {
        _host.Handler.Then(HttpStatusCode.OK, """
            {"data":[{"type":"event","id":"E1","attributes":{"datetime":"2025-01-02T03:04:05+00:00","event_properties":{"$value":5}}},
                     {"type":"event","id":"E2","attributes":{"datetime":"2025-01-02T03:04:06+00:00","event_properties":{"$value":6}}},
                     {"type":"event","id":"E3","attributes":{"datetime":"2025-01-02T03:04:07+00:00","event_properties":{"$value":7}}}],
             "links":{"self":"s"}}
            """);
        var ct = TestContext.Current.CancellationToken;
        await using var events = _host.Client()
            .GetPlacedOrderEventsAsync("RESQ6t", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), ct)
            .GetAsyncEnumerator(ct);

        Assert.True(await events.MoveNextAsync());
        var first = WeakCurrent(events);
        Assert.True(await events.MoveNextAsync());
        var second = WeakCurrent(events);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // The page still holds the event not yet read; the one read past (a page spans months of a small account, and
        // one event can be megabytes) is no longer kept by it.
        Assert.False(first.IsAlive, "the event read past is still held");
        Assert.True(second.IsAlive);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal("E3", events.Current.Id);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference WeakCurrent(IAsyncEnumerator<KlaviyoEvent> events) => new(events.Current);

    [Theory]
    [InlineData(200, "200")]
    [InlineData(5000, "1000")]
    [InlineData(0, "1")]
    public async Task GetEventsInPagesOfAsync_PageSize_IsAskedForWithinKlaviyosRange(int pageSize, string asked)
    {
        _host.Handler.Then(HttpStatusCode.OK, """
            {"data":[{"type":"event","id":"E1","attributes":{"datetime":"2025-01-02T03:04:05+00:00","event_properties":{"$value":5}}}],
             "links":{"self":"s"}}
            """);

        var events = await _host.Client()
            .GetEventsInPagesOfAsync("RESQ6t", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), pageSize, TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal("E1", Assert.Single(events).Id);
        var query = Uri.UnescapeDataString(_host.Handler.Requests.Single().Uri.Query);
        Assert.Contains($"page[size]={asked}&", query + "&", StringComparison.Ordinal);
        Assert.Contains("sort=datetime", query, StringComparison.Ordinal);
    }
}
