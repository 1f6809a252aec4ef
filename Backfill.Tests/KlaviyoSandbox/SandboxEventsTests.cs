using System.Net;
using System.Text.Json;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.KlaviyoSandbox;

public sealed class SandboxEventsTests
{
    private const string Week = "filter=greater-or-equal(datetime,2026-03-01T00:00:00Z),less-than(datetime,2026-03-08T00:00:00Z)";

    [Fact]
    public async Task GetEvents_PlacedOrder_HasSpecShapeAndShopifyProperties()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var metric = await server.MetricIdAsync(SandboxTestExtensions.Rogue, "Placed Order", "Shopify");

        var json = await server.GetJsonAsync($"api/events?filter=equals(metric_id,\"{metric}\")&page[size]=50", SandboxTestExtensions.Rogue);

        var events = json.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(50, events.Count);
        foreach (var e in events)
        {
            Assert.Equal("event", e.GetProperty("type").GetString());
            Assert.Equal(11, e.GetProperty("id").GetString()!.Length);
            var a = e.GetProperty("attributes");
            var ts = a.GetProperty("timestamp").GetInt64();
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(ts), DateTimeOffset.Parse(a.GetProperty("datetime").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.EndsWith("+00:00", a.GetProperty("datetime").GetString(), StringComparison.Ordinal);
            Assert.Equal(36, a.GetProperty("uuid").GetString()!.Length);
            var p = a.GetProperty("event_properties");
            Assert.True(p.TryGetProperty("$value", out _));
            Assert.Equal("USD", p.GetProperty("$currency_code").GetString());
            var extra = p.GetProperty("$extra");
            Assert.NotEmpty(extra.GetProperty("line_items").EnumerateArray());
            Assert.Equal(metric, e.GetProperty("relationships").GetProperty("metric").GetProperty("data").GetProperty("id").GetString());
            Assert.Equal(26, e.GetProperty("relationships").GetProperty("profile").GetProperty("data").GetProperty("id").GetString()!.Length);
            Assert.True(e.GetProperty("links").TryGetProperty("self", out _));
        }
        Assert.Contains(events, e => e.GetProperty("attributes").GetProperty("event_properties").GetProperty("$extra").TryGetProperty("landing_site", out var l)
            && l.GetString()!.Contains("utm_source=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetEvents_FollowingNextToTheEnd_ReturnsEveryEventOnceInOrder()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var paged = await server.AllEventsAsync($"api/events?{Week}&page[size]=37", SandboxTestExtensions.Rogue);
        var whole = await server.AllEventsAsync($"api/events?{Week}&page[size]=1000", SandboxTestExtensions.Rogue);

        Assert.True(whole.Count > 150, whole.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(whole.Select(Id), paged.Select(Id));
        Assert.Equal(paged.Count, paged.Select(Id).Distinct().Count());
        for (var i = 1; i < paged.Count; i++)
        {
            Assert.True(Key(paged[i - 1]).CompareTo(Key(paged[i])) < 0, $"not strictly ordered at {i}");
        }
        Assert.All(paged, e => Assert.InRange(e.GetProperty("attributes").GetProperty("timestamp").GetInt64(), 1772323200L, 1772928000L - 1));
    }

    [Fact]
    public async Task GetEvents_DescendingSort_IsReverseOfAscending()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var ascending = await server.AllEventsAsync($"api/events?{Week}&page[size]=100", SandboxTestExtensions.Alder);
        var descending = await server.AllEventsAsync($"api/events?{Week}&page[size]=7&sort=-datetime", SandboxTestExtensions.Alder);

        Assert.NotEmpty(ascending);
        Assert.Equal(ascending.Select(Id).Reverse(), descending.Select(Id));
    }

    [Fact]
    public async Task GetEvents_NextLink_KeepsOriginalParametersWithEncodedBrackets()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var json = await server.GetJsonAsync($"api/events?{Week}&page[size]=20&sort=datetime", SandboxTestExtensions.Rogue);

        var links = json.GetProperty("links");
        var next = links.GetProperty("next").GetString()!;
        Assert.StartsWith(server.BaseAddress + "api/events?", next, StringComparison.Ordinal);
        Assert.Contains("page%5Bsize%5D=20", next, StringComparison.Ordinal);
        Assert.Contains("sort=datetime", next, StringComparison.Ordinal);
        Assert.Contains("filter=greater-or-equal%28datetime%2C2026-03-01T00%3A00%3A00Z%29", next, StringComparison.Ordinal);
        Assert.Contains("page%5Bcursor%5D=", next, StringComparison.Ordinal);
        Assert.DoesNotContain('[', next);
        Assert.StartsWith(server.BaseAddress + "api/events?filter=", links.GetProperty("self").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEvents_IncludeProfileMetricAttributions_IncludedIsDeduplicatedAndResolvable()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var json = await server.GetJsonAsync("api/events?filter=greater-or-equal(datetime,2025-11-20T00:00:00Z),less-than(datetime,2025-12-05T00:00:00Z)&page[size]=1000&include=profile,metric,attributions", SandboxTestExtensions.Rogue);

        var included = json.GetProperty("included").EnumerateArray().ToList();
        var keys = included.Select(i => i.GetProperty("type").GetString() + "/" + i.GetProperty("id").GetString()).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        var data = json.GetProperty("data").EnumerateArray().ToList();
        var metrics = data.Select(e => e.GetProperty("relationships").GetProperty("metric").GetProperty("data").GetProperty("id").GetString()).ToHashSet();
        // Both Placed Order metrics (Shopify, WooCommerce) and, since no metric was filtered, Refunded and Cancelled Order.
        Assert.Equal(4, metrics.Count);
        Assert.Equal(metrics.Order(), included.Where(i => i.GetProperty("type").GetString() == "metric").Select(i => i.GetProperty("id").GetString()).Order());
        var profiles = data.Select(e => e.GetProperty("relationships").GetProperty("profile").GetProperty("data").GetProperty("id").GetString()).ToHashSet();
        Assert.True(profiles.Count < data.Count, "customers should repeat");
        Assert.All(profiles, p => Assert.Contains("profile/" + p, keys));
        var attributed = data.Where(e => e.GetProperty("relationships").GetProperty("attributions").GetProperty("data").GetArrayLength() > 0).ToList();
        Assert.NotEmpty(attributed);
        foreach (var e in attributed)
        {
            var attributionId = e.GetProperty("relationships").GetProperty("attributions").GetProperty("data")[0].GetProperty("id").GetString();
            var attribution = included.Single(i => i.GetProperty("type").GetString() == "attribution" && i.GetProperty("id").GetString() == attributionId);
            var rel = attribution.GetProperty("relationships");
            Assert.Equal(e.GetProperty("id").GetString(), rel.GetProperty("event").GetProperty("data").GetProperty("id").GetString());
            Assert.True(rel.TryGetProperty("campaign-message", out _) || rel.TryGetProperty("flow-message", out _));
            Assert.True(e.GetProperty("attributes").GetProperty("event_properties").TryGetProperty("$attribution", out _));
        }
        Assert.Contains(attributed, e => e.GetProperty("attributes").GetProperty("event_properties").GetProperty("$attribution").TryGetProperty("$flow", out _));
    }

    [Fact]
    public async Task GetEvents_SparseFieldsets_LimitAttributes()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var json = await server.GetJsonAsync($"api/events?{Week}&page[size]=5&include=profile&fields[event]=datetime,timestamp&fields[profile]=email,location.city", SandboxTestExtensions.Rogue);

        foreach (var e in json.GetProperty("data").EnumerateArray())
        {
            Assert.Equal(["timestamp", "datetime"], e.GetProperty("attributes").EnumerateObject().Select(p => p.Name));
        }
        foreach (var p in json.GetProperty("included").EnumerateArray())
        {
            var attributes = p.GetProperty("attributes");
            Assert.Equal(["email", "location"], attributes.EnumerateObject().Select(x => x.Name));
            Assert.Equal(["city"], attributes.GetProperty("location").EnumerateObject().Select(x => x.Name));
        }
    }

    [Fact]
    public async Task GetEvents_ProfileFilter_ReturnsOnlyThatCustomersOrders()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var first = await server.GetJsonAsync("api/events?page[size]=1", SandboxTestExtensions.Rogue);
        var profile = first.GetProperty("data")[0].GetProperty("relationships").GetProperty("profile").GetProperty("data").GetProperty("id").GetString();

        var events = await server.AllEventsAsync($"api/events?filter=equals(profile_id,\"{profile}\")&page[size]=1000", SandboxTestExtensions.Rogue);

        Assert.True(events.Count > 1);
        Assert.All(events, e => Assert.Equal(profile, e.GetProperty("relationships").GetProperty("profile").GetProperty("data").GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("filter=equals(metric_id,abc)", "Invalid filter provided")]
    [InlineData("filter=greater-or-equal(datetime,'2025-01-01T00:00:00Z')", "Invalid filter provided")]
    [InlineData("filter=equals(metric_id,\"abc\"", "Invalid filter provided")]
    [InlineData("filter=bogus(metric_id,\"abc\")", "Invalid filter provided")]
    [InlineData("filter=equals(email,\"a@b.c\")", "'email' is not a valid field")]
    [InlineData("filter=contains(metric_id,\"abc\")", "not allowed for field 'metric_id'")]
    [InlineData("page[size]=0", "between 1 and 1000")]
    [InlineData("page[size]=1001", "between 1 and 1000")]
    [InlineData("page[size]=ten", "between 1 and 1000")]
    [InlineData("include=profiles", "not a valid value for 'include'")]
    [InlineData("fields[event]=value", "not a valid value for 'fields[event]'")]
    [InlineData("sort=created", "not a valid sort")]
    [InlineData("page[cursor]=not-a-cursor", "Invalid page cursor")]
    public async Task GetEvents_InvalidParameters_Return400WithDetail(string query, string detail)
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        using var response = await server.GetAsync("api/events?" + query, SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.JsonAsync()).SingleError();
        Assert.Equal("invalid", error.GetProperty("code").GetString());
        Assert.Contains(detail, error.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(error.GetProperty("source").TryGetProperty("parameter", out _));
    }

    [Fact]
    public async Task GetEvents_AlderAndAsh_UsesCustomIntegrationShapeInEuro()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var events = await server.AllEventsAsync("api/events?filter=greater-or-equal(datetime,2026-01-01T00:00:00Z),less-than(datetime,2026-03-01T00:00:00Z)&page[size]=1000", SandboxTestExtensions.Alder);

        Assert.InRange(events.Count, 100, 600);
        foreach (var e in events)
        {
            var p = e.GetProperty("attributes").GetProperty("event_properties");
            Assert.Equal("EUR", p.GetProperty("$value_currency").GetString());
            Assert.Equal(p.GetProperty("OrderId").GetString(), p.GetProperty("$event_id").GetString());
            var item = p.GetProperty("Items")[0];
            Assert.True(item.TryGetProperty("ProductName", out _) && item.TryGetProperty("RowTotal", out _));
            Assert.True(p.TryGetProperty("ItemNames", out _));
        }
        Assert.Contains(events, e => e.GetProperty("attributes").GetProperty("event_properties").GetProperty("$value").ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task GetEvents_Northloop_HasASmallShareOfCanadianDollarOrders()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var events = await server.AllEventsAsync($"api/events?{Week}&page[size]=1000", SandboxTestExtensions.Northloop);

        var cad = events.Count(e => e.GetProperty("attributes").GetProperty("event_properties").GetProperty("$currency_code").GetString() == "CAD");
        Assert.InRange(events.Count, 1200, 3500);
        Assert.InRange(cad, 1, events.Count / 10);
    }

    private static string Id(JsonElement e) => e.GetProperty("id").GetString()!;

    private static (long, string) Key(JsonElement e) => (e.GetProperty("attributes").GetProperty("timestamp").GetInt64(), Id(e));
}

internal static class TupleCompare
{
    public static int CompareTo(this (long Ts, string Id) a, (long Ts, string Id) b) =>
        a.Ts != b.Ts ? a.Ts.CompareTo(b.Ts) : string.CompareOrdinal(a.Id, b.Id);
}
