using System.Globalization;
using System.Text.Json;
using Backfill.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.KlaviyoSandbox;

public sealed class SandboxRefundTests
{
    private static readonly TimeZoneInfo Pacific = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    /// <summary>The last second of the default history (2026-06-30 in Los Angeles).</summary>
    private static readonly long RogueHistoryEnd = new DateTimeOffset(2026, 7, 1, 7, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds() - 1;

    public static TheoryData<string, string> ShopifyAccounts => new()
    {
        { SandboxTestExtensions.Rogue, "America/Los_Angeles" },
        { SandboxTestExtensions.Northloop, "America/New_York" },
    };

    [Theory]
    [InlineData(SandboxTestExtensions.Rogue, true)]
    [InlineData(SandboxTestExtensions.Northloop, true)]
    [InlineData(SandboxTestExtensions.Alder, false)]
    public async Task GetMetrics_ShopifyAccounts_ListRefundedAndCancelledOrderFromShopify(string key, bool shopify)
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();

        var metrics = (await server.GetJsonAsync("api/metrics", key)).GetProperty("data").EnumerateArray()
            .Select(m => m.GetProperty("attributes"))
            .ToDictionary(a => a.GetProperty("name").GetString()! + "/" + a.GetProperty("integration").GetProperty("name").GetString());

        Assert.Equal(shopify, metrics.ContainsKey("Refunded Order/Shopify"));
        Assert.Equal(shopify, metrics.ContainsKey("Cancelled Order/Shopify"));
        Assert.DoesNotContain(metrics.Keys, k => k.StartsWith("Refunded Order/", StringComparison.Ordinal) && !shopify);
    }

    [Fact]
    public async Task Reversals_OverAYear_HaveRealisticRatesAndNeverExceedTheirOrders()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        const string Key = SandboxTestExtensions.Rogue;
        var placed = await server.MetricIdAsync(Key, "Placed Order", "Shopify");
        var orders = (await server.AllEventsAsync(EventsUrl(placed, "2025-04-01T00:00:00Z", "2026-07-02T00:00:00Z") + "&page[size]=1000", Key))
            .Select(ToEvent).ToDictionary(o => o.OrderId);
        var refunds = await ReversalsAsync(server, Key, "Refunded Order", "2025-06-01T00:00:00Z", "2026-07-02T00:00:00Z");
        var cancels = await ReversalsAsync(server, Key, "Cancelled Order", "2025-06-01T00:00:00Z", "2026-07-02T00:00:00Z");

        Assert.All(refunds.Concat(cancels), r =>
        {
            Assert.True(orders.TryGetValue(r.OrderId, out var order), $"{r.Id} refers to no Placed Order");
            Assert.True(r.Timestamp > order.Timestamp, $"{r.Id} is not after its order");
            Assert.True(r.Timestamp - order.Timestamp <= 50 * 86_400, $"{r.Id} comes more than seven weeks after its order");
            Assert.True(r.Timestamp <= RogueHistoryEnd, $"{r.Id} is after the end of the history");
            Assert.Equal(order.Currency, r.Currency);
            Assert.True(r.Value > 0);
        });
        var refundsByOrder = refunds.GroupBy(r => r.OrderId).ToDictionary(g => g.Key, g => g.ToList());
        Assert.All(refundsByOrder, g =>
        {
            Assert.InRange(g.Value.Count, 1, 2);
            Assert.True(g.Value.Sum(r => r.Value) <= orders[g.Key].Value, $"order {g.Key} refunded more than its value");
        });
        Assert.All(cancels, c =>
        {
            Assert.Equal(orders[c.OrderId].Value, c.Value);
            Assert.Equal(orders[c.OrderId].Value, refundsByOrder[c.OrderId].Sum(r => r.Value));
            Assert.Contains(refundsByOrder[c.OrderId], r => r.Timestamp == c.Timestamp);
        });
        // Orders old enough for every reversal to have arrived before the history ends.
        var settled = orders.Values.Where(o => o.Timestamp >= Instant("2025-06-01T00:00:00Z") && o.Timestamp < Instant("2026-05-01T00:00:00Z")).ToList();
        var refunded = settled.Count(o => refundsByOrder.ContainsKey(o.OrderId));
        var partial = settled.Count(o => refundsByOrder.TryGetValue(o.OrderId, out var r) && r.Sum(x => x.Value) < o.Value);
        var cancelled = settled.Count(o => cancels.Any(c => c.OrderId == o.OrderId));
        Assert.InRange(settled.Count, 10_000, 20_000);
        Assert.InRange((double)refunded / settled.Count, 0.03, 0.05);
        Assert.InRange((double)partial / refunded, 0.2, 0.45);
        Assert.InRange((double)cancelled / settled.Count, 0.005, 0.015);
        Assert.Contains(refundsByOrder.Values, r => r.Count == 2);
    }

    [Theory]
    [MemberData(nameof(ShopifyAccounts))]
    public async Task MetricAggregates_Reversals_EqualTheEventsOfEachLocalDay(string key, string timezone)
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        var tz = TimeZoneInfo.FindSystemTimeZoneById(timezone);
        var from = new DateOnly(2026, 3, 1);
        var to = new DateOnly(2026, 5, 1);

        foreach (var name in new[] { "Refunded Order", "Cancelled Order" })
        {
            var metric = await server.MetricIdAsync(key, name, "Shopify");
            var events = (await server.AllEventsAsync(
                    $"api/events?filter=equals(metric_id,\"{metric}\"),greater-or-equal(datetime,{Utc(from, tz)}),less-than(datetime,{Utc(to, tz)})&page[size]=1000", key))
                .Select(e => (Event: ToEvent(e), Profile: e.GetProperty("relationships").GetProperty("profile").GetProperty("data").GetProperty("id").GetString()))
                .ToList();
            var aggregate = await server.PostJsonAsync("api/metric-aggregates", key, SandboxReportTests.Body("metric-aggregate",
                $"\"metric_id\":\"{metric}\",\"measurements\":[\"count\",\"sum_value\",\"unique\"],\"interval\":\"day\",\"timezone\":\"{timezone}\",\"filter\":[\"greater-or-equal(datetime,{from:yyyy-MM-dd}T00:00:00)\",\"less-than(datetime,{to:yyyy-MM-dd}T00:00:00)\"]"));
            var byCurrency = await server.PostJsonAsync("api/metric-aggregates", key, SandboxReportTests.Body("metric-aggregate",
                $"\"metric_id\":\"{metric}\",\"measurements\":[\"sum_value\"],\"interval\":\"month\",\"timezone\":\"{timezone}\",\"by\":[\"$value_currency\"],\"filter\":[\"greater-or-equal(datetime,{from:yyyy-MM-dd}T00:00:00)\",\"less-than(datetime,{to:yyyy-MM-dd}T00:00:00)\"]"));

            var attributes = aggregate.GetProperty("data").GetProperty("attributes");
            var dates = attributes.GetProperty("dates").EnumerateArray().Select(d => DateOnly.ParseExact(d.GetString()![..10], "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
            var measurements = Assert.Single(attributes.GetProperty("data").EnumerateArray()).GetProperty("measurements");
            Assert.Equal(61, dates.Count);
            Assert.NotEmpty(events);
            for (var i = 0; i < dates.Count; i++)
            {
                var day = events.Where(e => LocalDay(e.Event.Timestamp, tz) == dates[i]).ToList();
                Assert.Equal(day.Count, measurements.GetProperty("count")[i].GetInt64());
                Assert.Equal(day.Sum(e => e.Event.Value), measurements.GetProperty("sum_value")[i].GetDecimal());
                Assert.Equal(day.Select(e => e.Profile).Distinct().Count(), measurements.GetProperty("unique")[i].GetInt64());
            }
            foreach (var row in byCurrency.GetProperty("data").GetProperty("attributes").GetProperty("data").EnumerateArray())
            {
                var currency = row.GetProperty("dimensions")[0].GetString();
                Assert.Equal(events.Where(e => e.Event.Currency == currency).Sum(e => e.Event.Value),
                    row.GetProperty("measurements").GetProperty("sum_value").EnumerateArray().Sum(v => v.GetDecimal()));
            }
        }
    }

    [Fact]
    public async Task GetEvents_Refunds_PageSortAndIncludeLikePlacedOrders()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        const string Key = SandboxTestExtensions.Northloop;
        var metric = await server.MetricIdAsync(Key, "Refunded Order", "Shopify");
        var url = EventsUrl(metric, "2026-04-01T00:00:00Z", "2026-04-20T00:00:00Z");

        var whole = await server.AllEventsAsync(url + "&page[size]=1000", Key);
        var paged = await server.AllEventsAsync(url + "&page[size]=13", Key);
        var descending = await server.AllEventsAsync(url + "&page[size]=7&sort=-datetime", Key);
        var page = await server.GetJsonAsync(url + "&page[size]=50&include=profile,metric,attributions", Key);

        Assert.InRange(whole.Count, 80, 400);
        Assert.Equal(whole.Select(Id), paged.Select(Id));
        Assert.Equal(whole.Select(Id).Reverse(), descending.Select(Id));
        for (var i = 1; i < whole.Count; i++)
        {
            Assert.True(SortKey(whole[i - 1]).CompareTo(SortKey(whole[i])) < 0, $"not strictly ordered at {i}");
        }
        var data = page.GetProperty("data").EnumerateArray().ToList();
        var included = page.GetProperty("included").EnumerateArray().ToList();
        Assert.Equal(metric, Assert.Single(included, i => i.GetProperty("type").GetString() == "metric").GetProperty("id").GetString());
        Assert.DoesNotContain(included, i => i.GetProperty("type").GetString() == "attribution");
        Assert.All(data, e =>
        {
            Assert.Equal(0, e.GetProperty("relationships").GetProperty("attributions").GetProperty("data").GetArrayLength());
            var profile = e.GetProperty("relationships").GetProperty("profile").GetProperty("data").GetProperty("id").GetString();
            Assert.Contains(included, i => i.GetProperty("type").GetString() == "profile" && i.GetProperty("id").GetString() == profile);
            var extra = e.GetProperty("attributes").GetProperty("event_properties").GetProperty("$extra");
            Assert.True(extra.GetProperty("refunds")[0].GetProperty("id").GetInt64() > 0);
            Assert.Equal(e.GetProperty("attributes").GetProperty("event_properties").GetProperty("$event_id").GetString(),
                extra.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture));
        });
    }

    [Fact]
    public async Task GetEvents_NoMetricFilter_ListsReversalsAmongOrdersInTimeOrder()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        const string Key = SandboxTestExtensions.Northloop;
        var refunded = await server.MetricIdAsync(Key, "Refunded Order", "Shopify");
        const string From = "2026-04-01T00:00:00Z";
        const string To = "2026-04-03T00:00:00Z";

        var all = await server.AllEventsAsync($"api/events?filter=greater-or-equal(datetime,{From}),less-than(datetime,{To})&page[size]=211", Key);
        var refunds = await server.AllEventsAsync(EventsUrl(refunded, From, To) + "&page[size]=1000", Key);

        Assert.NotEmpty(refunds);
        Assert.Equal(refunds.Select(Id), all.Where(e => MetricOf(e) == refunded).Select(Id));
        for (var i = 1; i < all.Count; i++)
        {
            Assert.True(SortKey(all[i - 1]).CompareTo(SortKey(all[i])) < 0, $"not strictly ordered at {i}");
        }
    }

    [Fact]
    public async Task Changes_DeletedOrdersLoseTheirReversals_AddedOrdersGetNone()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        const string Key = SandboxTestExtensions.Rogue;
        var placed = await server.MetricIdAsync(Key, "Placed Order", "Shopify");
        var refunded = await server.MetricIdAsync(Key, "Refunded Order", "Shopify");
        var before = await ReversalsAsync(server, Key, "Refunded Order", "2026-03-01T00:00:00Z", "2026-07-02T00:00:00Z");
        var orders = (await server.AllEventsAsync(EventsUrl(placed, "2026-03-01T00:00:00Z", "2026-06-01T00:00:00Z") + "&page[size]=1000", Key)).Select(ToEvent).ToList();
        var day = orders.Where(o => before.Any(r => r.OrderId == o.OrderId)).Select(o => LocalDay(o.Timestamp, Pacific)).First(d => d >= new DateOnly(2026, 3, 5));
        var dayOrders = orders.Where(o => LocalDay(o.Timestamp, Pacific) == day).Select(o => o.OrderId).ToHashSet();
        var countBefore = await CountAsync(server, Key, refunded);

        await SandboxChangesTests.PostChangesAsync(server,
            $"{{\"account\":\"rogue-creamery\",\"delete_orders\":[{{\"date\":\"{day:yyyy-MM-dd}\",\"count\":1000}}],\"add_orders\":[{{\"date\":\"{day.AddDays(1):yyyy-MM-dd}\",\"count\":200}}]}}");
        var after = await ReversalsAsync(server, Key, "Refunded Order", "2026-03-01T00:00:00Z", "2026-07-02T00:00:00Z");
        var countAfter = await CountAsync(server, Key, refunded);

        var lost = before.Where(r => dayOrders.Contains(r.OrderId)).ToList();
        Assert.NotEmpty(lost);
        Assert.Equal(before.Except(lost).Select(r => r.Id), after.Select(r => r.Id));
        Assert.Equal(countBefore - lost.Count, countAfter);
    }

    [Fact]
    public async Task GetEvents_ClockInsideTheHistory_ListsNoReversalAfterNow()
    {
        var now = new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);
        await using var server = await SandboxServer.StartAsync(o => o.RateLimitsEnabled = false, new FakeTimeProvider(now), cancellationToken: TestContext.Current.CancellationToken);
        const string Key = SandboxTestExtensions.Northloop;
        var refunded = await server.MetricIdAsync(Key, "Refunded Order", "Shopify");

        var refunds = await server.AllEventsAsync(EventsUrl(refunded, "2026-06-01T00:00:00Z", "2026-07-02T00:00:00Z") + "&page[size]=1000", Key);
        var count = await CountAsync(server, Key, refunded, "2026-06-01T00:00:00", "2026-07-02T00:00:00", "UTC");

        Assert.NotEmpty(refunds);
        Assert.All(refunds, r => Assert.True(r.GetProperty("attributes").GetProperty("timestamp").GetInt64() <= now.ToUnixTimeSeconds()));
        Assert.Equal(refunds.Count, count);
    }

    private sealed record Event(string Id, string OrderId, decimal Value, long Timestamp, string Currency);

    private static async Task<List<Event>> ReversalsAsync(SandboxServer server, string key, string metricName, string from, string to)
    {
        var metric = await server.MetricIdAsync(key, metricName, "Shopify");
        return [.. (await server.AllEventsAsync(EventsUrl(metric, from, to) + "&page[size]=1000", key)).Select(ToEvent)];
    }

    private static async Task<long> CountAsync(SandboxServer server, string key, string metric, string from = "2026-03-01T00:00:00", string to = "2026-07-01T00:00:00", string timezone = "America/Los_Angeles")
    {
        var json = await server.PostJsonAsync("api/metric-aggregates", key, SandboxReportTests.Body("metric-aggregate",
            $"\"metric_id\":\"{metric}\",\"measurements\":[\"count\"],\"interval\":\"month\",\"timezone\":\"{timezone}\",\"filter\":[\"greater-or-equal(datetime,{from})\",\"less-than(datetime,{to})\"]"));
        return json.GetProperty("data").GetProperty("attributes").GetProperty("data").EnumerateArray()
            .Sum(r => r.GetProperty("measurements").GetProperty("count").EnumerateArray().Sum(v => v.GetInt64()));
    }

    private static string EventsUrl(string metric, string from, string to) =>
        $"api/events?filter=equals(metric_id,\"{metric}\"),greater-or-equal(datetime,{from}),less-than(datetime,{to})";

    private static Event ToEvent(JsonElement e)
    {
        var attributes = e.GetProperty("attributes");
        var p = attributes.GetProperty("event_properties");
        return new Event(Id(e), p.GetProperty("$event_id").GetString()!, p.GetProperty("$value").GetDecimal(),
            attributes.GetProperty("timestamp").GetInt64(), p.GetProperty("$currency_code").GetString()!);
    }

    private static string Id(JsonElement e) => e.GetProperty("id").GetString()!;

    private static string? MetricOf(JsonElement e) => e.GetProperty("relationships").GetProperty("metric").GetProperty("data").GetProperty("id").GetString();

    private static (long, string) SortKey(JsonElement e) => (e.GetProperty("attributes").GetProperty("timestamp").GetInt64(), Id(e));

    private static long Instant(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture).ToUnixTimeSeconds();

    private static DateOnly LocalDay(long unixSeconds, TimeZoneInfo tz) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds), tz).DateTime);

    private static string Utc(DateOnly day, TimeZoneInfo tz) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), tz).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
