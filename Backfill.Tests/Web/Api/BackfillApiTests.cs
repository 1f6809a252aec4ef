using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Backfill.Services.Backfill;
using Backfill.Services.Storage;

namespace Backfill.Tests.Web.Api;

/// <summary>The REST API end to end: HTTP → coordinator → engine → sandbox over HTTP → embedded store → HTTP.</summary>
public sealed class BackfillApiTests : IAsyncLifetime
{
    private BackfillApp _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _app = await BackfillApp.StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> WaitForStatusAsync(string clientId, Func<BackfillStatus, bool> condition)
    {
        using var subscription = _app.Coordinator.Subscribe();
        await foreach (var board in subscription.Updates.ReadAllAsync(Ct))
        {
            if (board.Find(ClientId.Parse(clientId)) is { } status && condition(status))
            {
                break;
            }
        }

        return await JsonAsync(await _app.Client.GetAsync($"/api/backfill/status/{clientId}", Ct));
    }

    [Fact]
    public async Task Clients_TheDemoClientsAreRegistered_OnAnEmptyStore()
    {
        var clients = await JsonAsync(await _app.Client.GetAsync("/api/clients", Ct));

        Assert.Equal(["alder-and-ash", "northloop-outfitters", "rogue-creamery"], clients.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.All(clients.EnumerateArray(), c => Assert.True(c.GetProperty("sandbox_account").GetBoolean()));
    }

    [Fact]
    public async Task Refresh_RunsAreListedNewestFirstByPage_AndClearDataEmptiesTheCoverage()
    {
        using var invalid = await _app.Client.PostAsync("/api/backfill/refresh/alder-and-ash?lookback_days=0", null, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await JsonAsync(invalid)).GetProperty("errors").TryGetProperty("lookback_days", out _));

        var runIds = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var refresh = await _app.Client.PostAsync("/api/backfill/refresh/alder-and-ash?lookback_days=2", null, Ct);
            Assert.Equal(HttpStatusCode.Accepted, refresh.StatusCode);
            var runId = (await JsonAsync(refresh)).GetProperty("backfill").GetProperty("run_id").GetString()!;
            runIds.Insert(0, runId);
            var status = await WaitForStatusAsync("alder-and-ash", s => s.RunId == runId && s.State is BackfillState.Completed or BackfillState.Failed);
            Assert.Equal("completed", status.GetProperty("status").GetString());
            Assert.Equal("refresh", status.GetProperty("parameters").GetProperty("kind").GetString());
            Assert.Equal(2, status.GetProperty("coverage").GetProperty("orders").GetProperty("days").GetInt32());
        }

        var page1 = await JsonAsync(await _app.Client.GetAsync("/api/backfill/runs/alder-and-ash?limit=1", Ct));
        var token = page1.GetProperty("next_page_token").GetString();
        var page2 = await JsonAsync(await _app.Client.GetAsync($"/api/backfill/runs/alder-and-ash?limit=1&page_token={token}", Ct));
        Assert.Equal(runIds[0], page1.GetProperty("runs")[0].GetProperty("run_id").GetString());
        Assert.Equal(runIds[1], page2.GetProperty("runs")[0].GetProperty("run_id").GetString());
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("next_page_token").ValueKind);
        Assert.Equal("completed", page2.GetProperty("runs")[0].GetProperty("status").GetString());
        using var badToken = await _app.Client.GetAsync("/api/backfill/runs/alder-and-ash?page_token=../../x", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badToken.StatusCode);

        using var clear = await _app.Client.DeleteAsync("/api/backfill/data/alder-and-ash", Ct);
        Assert.Equal(HttpStatusCode.OK, clear.StatusCode);
        var after = await JsonAsync(await _app.Client.GetAsync("/api/backfill/status/alder-and-ash", Ct));
        Assert.Equal(0, after.GetProperty("coverage").GetProperty("orders").GetProperty("days").GetInt32());
        var summary = await JsonAsync(await _app.Client.GetAsync("/api/backfill/data/alder-and-ash/summary", Ct));
        Assert.Equal(0, summary.GetProperty("summary").GetProperty("orders").GetInt64());
    }

    [Fact]
    public async Task Start_RunsToCompletion_AndTheDataEndpointsAgreeWithTheStatus()
    {
        using var start = await _app.Client.PostAsync("/api/backfill/start/rogue-creamery?days=7", null, Ct);
        var started = await JsonAsync(start);
        using var again = await _app.Client.PostAsync("/api/backfill/start/rogue-creamery?days=7", null, Ct);

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        Assert.Equal("started", started.GetProperty("status").GetString());
        Assert.Equal("Rogue Creamery", started.GetProperty("client_name").GetString());
        Assert.Equal(7, started.GetProperty("days").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);

        var status = await WaitForStatusAsync("rogue-creamery", s => s.State is BackfillState.Completed or BackfillState.Failed);
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(7, status.GetProperty("days_completed").GetInt32());
        Assert.Equal(100, status.GetProperty("percent").GetDouble());
        var orders = status.GetProperty("orders").GetInt64();
        Assert.True(orders > 0);

        var summary = await JsonAsync(await _app.Client.GetAsync("/api/backfill/data/rogue-creamery/summary", Ct));
        Assert.Equal(orders, summary.GetProperty("summary").GetProperty("orders").GetInt64());
        Assert.Equal(status.GetProperty("revenue_by_currency").GetProperty("USD").GetDecimal(), summary.GetProperty("summary").GetProperty("total_revenue").GetDecimal());
        Assert.Equal(150, summary.GetProperty("summary").GetProperty("campaigns").GetInt64());
        Assert.Equal(status.GetProperty("range_end").GetString(), summary.GetProperty("date_range").GetProperty("end_date").GetString());

        var listing = await JsonAsync(await _app.Client.GetAsync("/api/backfill/status", Ct));
        Assert.Equal(3, listing.GetProperty("total").GetInt32());
        Assert.Equal(1, listing.GetProperty("completed").GetInt32());
        Assert.Equal("rogue-creamery", listing.GetProperty("statuses")[0].GetProperty("client_id").GetString());
    }

    [Fact]
    public async Task Orders_PageThroughADay_WithoutLosingOrRepeatingAnOrder()
    {
        await _app.Client.PostAsync("/api/backfill/start/rogue-creamery?days=3", null, Ct);
        var status = await WaitForStatusAsync("rogue-creamery", s => s.State == BackfillState.Completed);
        var day = status.GetProperty("range_end").GetString();

        var seen = new List<string>();
        long total = -1;
        decimal sum = 0;
        string? token = null;
        do
        {
            var url = $"/api/backfill/data/rogue-creamery/orders?date={day}&limit=7" + (token is null ? "" : "&page_token=" + Uri.EscapeDataString(token));
            var page = await JsonAsync(await _app.Client.GetAsync(url, Ct));
            total = page.GetProperty("total_orders").GetInt64();
            Assert.Equal(day, page.GetProperty("date_filter").GetString());
            foreach (var order in page.GetProperty("orders").EnumerateArray())
            {
                seen.Add(order.GetProperty("klaviyo_event_id").GetString()!);
                sum += order.GetProperty("value").GetDecimal();
                Assert.Equal(day, order.GetProperty("date").GetString());
            }

            token = page.GetProperty("next_page_token").ValueKind == JsonValueKind.String ? page.GetProperty("next_page_token").GetString() : null;
        }
        while (token is not null);

        Assert.True(total > 7, $"a day with more than one page is needed; got {total}");
        Assert.Equal(total, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var totals = await JsonAsync(await _app.Client.GetAsync($"/api/backfill/data/rogue-creamery/orders?date={day}&limit=1", Ct));
        Assert.Equal(sum, totals.GetProperty("total_value").GetDecimal());
    }

    [Fact]
    public async Task Export_EveryOrderAsCsv_MatchesTheOrdersEndpointRowForRow()
    {
        await _app.Client.PostAsync("/api/backfill/start/rogue-creamery?days=3", null, Ct);
        var status = await WaitForStatusAsync("rogue-creamery", s => s.State == BackfillState.Completed);
        var day = status.GetProperty("range_end").GetString();

        using var all = await _app.Client.GetAsync("/api/backfill/data/rogue-creamery/orders.csv", Ct);
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal("text/csv", all.Content.Headers.ContentType?.MediaType);
        Assert.Equal("rogue-creamery-orders.csv", all.Content.Headers.ContentDisposition?.FileNameStar ?? all.Content.Headers.ContentDisposition?.FileName);
        var lines = (await all.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.StartsWith("klaviyo_event_id,order_id,order_number,placed_at_utc,date,value,currency", lines[0], StringComparison.Ordinal);
        var exported = lines.Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(status.GetProperty("orders").GetInt64(), exported.Count);
        Assert.Equal(exported.Count, exported.Distinct().Count());

        var page = await JsonAsync(await _app.Client.GetAsync($"/api/backfill/data/rogue-creamery/orders?date={day}&limit=1000", Ct));
        var dayIds = page.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("klaviyo_event_id").GetString()!).ToList();
        var dayCsv = await _app.Client.GetStringAsync($"/api/backfill/data/rogue-creamery/orders.csv?date={day}", Ct);
        var dayRows = dayCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(dayIds, dayRows);
        Assert.Equal(dayIds.Count, exported.Count(id => dayIds.Contains(id)));
    }

    [Fact]
    public async Task Export_UnknownClient_Is404Problem()
    {
        using var response = await _app.Client.GetAsync("/api/backfill/data/nobody-here/orders.csv", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("POST", "/api/backfill/start/rogue-creamery?years=0", "years")]
    [InlineData("POST", "/api/backfill/start/rogue-creamery?years=-1", "years")]
    [InlineData("POST", "/api/backfill/start/rogue-creamery?years=11", "years")]
    [InlineData("POST", "/api/backfill/start/rogue-creamery?years=1.5", "years")]
    [InlineData("POST", "/api/backfill/start/rogue-creamery?years=abc", "years")]
    [InlineData("POST", "/api/backfill/start/rogue-creamery?days=0", "days")]
    [InlineData("POST", "/api/backfill/start/rogue-creamery?days=3661", "days")]
    [InlineData("POST", "/api/backfill/start/rogue-creamery?years=1&days=7", "days")]
    [InlineData("POST", "/api/backfill/start/rogue-creamery?include_orders=maybe", "include_orders")]
    [InlineData("POST", "/api/backfill/start/Rogue-Creamery", "client_id")]
    [InlineData("POST", "/api/backfill/start/a.b", "client_id")]
    [InlineData("POST", "/api/backfill/start/x%20y", "client_id")]
    [InlineData("GET", "/api/backfill/status/UPPER", "client_id")]
    [InlineData("GET", "/api/backfill/data/rogue-creamery/orders?date=2024-13-01", "date")]
    [InlineData("GET", "/api/backfill/data/rogue-creamery/orders?date=2024-02-30", "date")]
    [InlineData("GET", "/api/backfill/data/rogue-creamery/orders?date=yesterday", "date")]
    [InlineData("GET", "/api/backfill/data/rogue-creamery/orders?date=2999-01-01", "date")]
    [InlineData("GET", "/api/backfill/data/rogue-creamery/orders?limit=0", "limit")]
    [InlineData("GET", "/api/backfill/data/rogue-creamery/orders?limit=-5", "limit")]
    [InlineData("GET", "/api/backfill/data/rogue-creamery/orders?limit=100000", "limit")]
    [InlineData("GET", "/api/backfill/data/rogue-creamery/orders?page_token=not-a-token", "page_token")]
    public async Task BadInput_Is400_NamingTheField_AndChangesNothing(string method, string url, string field)
    {
        var before = await StatusDocumentsAsync();

        using var response = await _app.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url), Ct);
        var problem = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await StatusDocumentsAsync());
    }

    [Theory]
    [InlineData("{", "body")]
    [InlineData("[1,2]", "body")]
    [InlineData("{\"years\":\"1\"}", "years")]
    [InlineData("{\"years\":1.5}", "years")]
    [InlineData("{\"years\":12}", "years")]
    [InlineData("{\"test_mode\":\"yes\"}", "test_mode")]
    public async Task StartAll_BadBodies_Are400_NamingTheField(string body, string field)
    {
        using var response = await _app.Client.PostAsync("/api/backfill/start-all", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        var problem = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await StatusDocumentsAsync());
    }

    [Fact]
    public async Task StartAll_AHugeBody_Is413()
    {
        var body = "{\"years\":1,\"padding\":\"" + new string('x', 100_000) + "\"}";

        using var response = await _app.Client.PostAsync("/api/backfill/start-all", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await StatusDocumentsAsync());
    }

    [Fact]
    public async Task StartAll_InTestMode_StartsOnlyTheTestClient()
    {
        using var response = await _app.Client.PostAsJsonAsync("/api/backfill/start-all", new { days = 2, include_orders = true, test_mode = true }, Ct);
        var body = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(["rogue-creamery"], body.GetProperty("clients").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.True(body.GetProperty("test_mode").GetBoolean());
        await WaitForStatusAsync("rogue-creamery", s => s.State == BackfillState.Completed);
    }

    [Theory]
    [InlineData("POST", "/api/backfill/start/nobody?days=1")]
    [InlineData("GET", "/api/backfill/status/nobody")]
    [InlineData("GET", "/api/backfill/data/nobody/summary")]
    [InlineData("GET", "/api/backfill/data/nobody/orders")]
    [InlineData("POST", "/api/backfill/retry/nobody")]
    [InlineData("DELETE", "/api/clients/nobody")]
    public async Task UnknownClient_Is404Problem(string method, string url)
    {
        using var response = await _app.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Clients_AddThenRemove_AndRemoveIsRefusedWhileRunning()
    {
        using var bad = await _app.Client.PostAsJsonAsync("/api/clients", new { id = "Bad/Id", name = "x" }, Ct);
        using var added = await _app.Client.PostAsJsonAsync("/api/clients", new { id = "acme-store", name = "Acme Store" }, Ct);
        using var duplicate = await _app.Client.PostAsJsonAsync("/api/clients", new { id = "acme-store", name = "Again" }, Ct);
        await _app.Client.PostAsync("/api/backfill/start/rogue-creamery?days=60", null, Ct);
        using var busy = await _app.Client.DeleteAsync("/api/clients/rogue-creamery", Ct);
        using var removed = await _app.Client.DeleteAsync("/api/clients/acme-store", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await JsonAsync(bad)).GetProperty("errors").TryGetProperty("id", out _));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Null(await _app.Store.GetAsync(DataLayout.Client(ClientId.Parse("acme-store")), Ct));
        await WaitForStatusAsync("rogue-creamery", s => s.State == BackfillState.Completed);
    }

    [Fact]
    public async Task OpenApi_DescribesTheBackfillRoutes()
    {
        var document = await JsonAsync(await _app.Client.GetAsync("/openapi/v1.json", Ct));
        var paths = document.GetProperty("paths");

        foreach (var path in new[]
        {
            "/api/backfill/start/{client_id}", "/api/backfill/start-all", "/api/backfill/status", "/api/backfill/status/{client_id}",
            "/api/backfill/data/{client_id}/summary", "/api/backfill/data/{client_id}/orders", "/api/backfill/clear/{client_id}",
            "/api/backfill/cancel/{client_id}", "/api/backfill/retry/{client_id}", "/api/clients", "/api/clients/{client_id}",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }
    }

    private async Task<long> StatusDocumentsAsync() =>
        (await _app.Store.AggregateAsync(Query.Collection(DataLayout.BackfillStatuses), [Aggregation.Count()], Ct)).Count();
}
