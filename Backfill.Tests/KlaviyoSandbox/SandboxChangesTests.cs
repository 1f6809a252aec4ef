using System.Globalization;
using System.Net;
using System.Text.Json;
using Backfill.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.KlaviyoSandbox;

public sealed class SandboxChangesTests
{
    private static readonly TimeZoneInfo Pacific = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
    private static readonly DateOnly AddDay = new(2026, 6, 10);
    private static readonly DateOnly DeleteDay = new(2026, 6, 12);
    private static readonly string[] Channels = ["email", "sms", "mobile_push"];

    [Fact]
    public async Task AddOrders_ShowInEventsAggregatesAndReportsOfTheDay()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        var before = await DayViewAsync(server, AddDay);

        var report = await PostChangesAsync(server, $"{{\"account\":\"rogue-creamery\",\"add_orders\":[{{\"date\":\"{AddDay:yyyy-MM-dd}\",\"count\":30}}]}}");
        var after = await DayViewAsync(server, AddDay);

        var added = Assert.Single(report.GetProperty("added_orders").EnumerateArray());
        Assert.Equal(AddDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), added.GetProperty("date").GetString());
        var ids = added.GetProperty("event_ids").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(30, ids.Distinct().Count());
        Assert.Equal(before.Events.Keys.Concat(ids).Order(StringComparer.Ordinal), after.Events.Keys.Order(StringComparer.Ordinal));
        var arrivals = ids.Select(id => after.Events[id]).ToList();
        Assert.Contains(arrivals, o => o.Attribution == Attribution.Flow);
        Assert.Contains(arrivals, o => o.Attribution == Attribution.None);
        AssertConsistent(before);
        AssertConsistent(after);
        Assert.Equal(before.AggregateCount + 30, after.AggregateCount);
        Assert.Equal(before.AggregateSum + arrivals.Sum(o => o.Value), after.AggregateSum);
        Assert.Equal(before.FlowConversions + arrivals.Count(o => o.Attribution == Attribution.Flow), after.FlowConversions);
        Assert.Equal(before.CampaignConversions + arrivals.Count(o => o.Attribution == Attribution.Campaign), after.CampaignConversions);
        Assert.Equal(0, report.GetProperty("notes").GetArrayLength());
    }

    [Fact]
    public async Task DeleteOrders_VanishFromEventsAggregatesAndReportsOfTheDay()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        var before = await DayViewAsync(server, DeleteDay);

        var report = await PostChangesAsync(server, $"{{\"account\":\"rogue-creamery\",\"delete_orders\":[{{\"date\":\"{DeleteDay:yyyy-MM-dd}\",\"count\":12}}]}}");
        var after = await DayViewAsync(server, DeleteDay);

        var deleted = Assert.Single(report.GetProperty("deleted_orders").EnumerateArray());
        Assert.Equal(12, deleted.GetProperty("requested").GetInt32());
        var gone = deleted.GetProperty("event_ids").EnumerateArray().Select(e => before.Events[e.GetString()!]).ToList();
        Assert.Equal(12, gone.Count);
        Assert.Equal(before.Events.Keys.Except(gone.Select(o => o.Id)).Order(StringComparer.Ordinal), after.Events.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(gone, o => o.Attribution != Attribution.None);
        AssertConsistent(after);
        Assert.Equal(before.AggregateCount - 12, after.AggregateCount);
        Assert.Equal(before.AggregateSum - gone.Sum(o => o.Value), after.AggregateSum);
        Assert.Equal(before.FlowConversions - gone.Count(o => o.Attribution == Attribution.Flow), after.FlowConversions);
        Assert.Equal(before.CampaignConversions - gone.Count(o => o.Attribution == Attribution.Campaign), after.CampaignConversions);
    }

    [Fact]
    public async Task DeleteOrders_MoreThanTheDayHas_DeletesAllAndSaysSo()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        var metric = await server.MetricIdAsync(SandboxTestExtensions.Alder, "Placed Order", "API");
        var day = new DateOnly(2026, 5, 4);
        var dayEvents = $"api/events?filter=equals(metric_id,\"{metric}\"),{SandboxReportTests.LocalDayRange(day, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"))}";
        var had = (await server.AllEventsAsync(dayEvents, SandboxTestExtensions.Alder)).Count;

        var report = await PostChangesAsync(server, "{\"account\":\"alder-and-ash\",\"delete_orders\":[{\"date\":\"2026-05-04\",\"count\":1000}]}");

        Assert.InRange(had, 1, 999);
        Assert.Equal(had, report.GetProperty("deleted_orders")[0].GetProperty("event_ids").GetArrayLength());
        var note = Assert.Single(report.GetProperty("notes").EnumerateArray()).GetString();
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"deleted all {had}"), note, StringComparison.Ordinal);
        Assert.Empty(await server.AllEventsAsync(dayEvents, SandboxTestExtensions.Alder));
    }

    [Fact]
    public async Task Changes_AreCumulativeAcrossRequests()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        var before = await DayViewAsync(server, AddDay);

        var first = await PostChangesAsync(server, $"{{\"account\":\"rogue-creamery\",\"add_orders\":[{{\"date\":\"{AddDay:yyyy-MM-dd}\",\"count\":3}}]}}");
        var second = await PostChangesAsync(server, $"{{\"account\":\"rogue-creamery\",\"add_orders\":[{{\"date\":\"{AddDay:yyyy-MM-dd}\",\"count\":2}}],\"delete_orders\":[{{\"date\":\"{AddDay:yyyy-MM-dd}\",\"count\":4}}]}}");
        var after = await DayViewAsync(server, AddDay);

        Assert.Equal(1, first.GetProperty("change").GetInt32());
        Assert.Equal(2, second.GetProperty("change").GetInt32());
        var added = first.GetProperty("added_orders")[0].GetProperty("event_ids").EnumerateArray()
            .Concat(second.GetProperty("added_orders")[0].GetProperty("event_ids").EnumerateArray()).Select(e => e.GetString()!);
        var deleted = second.GetProperty("deleted_orders")[0].GetProperty("event_ids").EnumerateArray().Select(e => e.GetString()!);
        Assert.Equal(before.Events.Keys.Concat(added).Except(deleted).Order(StringComparer.Ordinal), after.Events.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(before.AggregateCount + 1, after.AggregateCount);
        var totals = second.GetProperty("totals");
        Assert.Equal(5, totals.GetProperty("added_orders").GetInt64());
        Assert.Equal(4, totals.GetProperty("deleted_orders").GetInt64());
    }

    [Fact]
    public async Task Undo_RestoresByteIdenticalResponses()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        var original = await BodiesAsync(server);

        await PostChangesAsync(server, $"{{\"account\":\"rogue-creamery\",\"add_orders\":[{{\"date\":\"{AddDay:yyyy-MM-dd}\",\"count\":5}}],\"delete_orders\":[{{\"date\":\"{DeleteDay:yyyy-MM-dd}\",\"count\":5}}],\"update_campaigns\":3,\"delete_campaigns\":2,\"delete_flows\":1}}");
        await PostChangesAsync(server, "{\"account\":\"alder-and-ash\",\"update_campaigns\":1}");
        var changed = await BodiesAsync(server);
        await UndoAsync(server, "?account=alder-and-ash");
        var rogueStillChanged = await BodiesAsync(server);
        await UndoAsync(server, string.Empty);
        var undone = await BodiesAsync(server);

        Assert.All(Enumerable.Range(0, original.Count - 1), i => Assert.NotEqual(original[i], changed[i]));
        Assert.NotEqual(original[^1], changed[^1]);
        Assert.Equal(original[^1], rogueStillChanged[^1]);
        Assert.Equal(changed[..^1], rogueStillChanged[..^1]);
        Assert.Equal(original, undone);
    }

    [Fact]
    public async Task Changes_ReplayedAfterUndo_GiveTheSameResult()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 8, 1, 12, 0, 0, TimeSpan.Zero));
        await using var server = await SandboxServer.StartAsync(o => o.RateLimitsEnabled = false, clock, cancellationToken: TestContext.Current.CancellationToken);
        const string Body = "{\"account\":\"northloop-outfitters\",\"add_orders\":[{\"date\":\"2026-06-01\",\"count\":4}],\"delete_orders\":[{\"date\":\"2026-06-01\",\"count\":3}],\"update_campaigns\":2,\"delete_flows\":1}";

        var first = (await PostChangesAsync(server, Body)).GetRawText();
        await UndoAsync(server, string.Empty);
        var second = (await PostChangesAsync(server, Body)).GetRawText();

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task UpdateCampaigns_ReListingByUpdatedAtFindsExactlyThem()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 8, 1, 12, 0, 0, TimeSpan.Zero));
        await using var server = await SandboxServer.StartAsync(o => o.RateLimitsEnabled = false, clock, cancellationToken: TestContext.Current.CancellationToken);
        var since = await ChangedCampaignsAsync(server, "2026-08-01T00:00:00Z");

        var report = await PostChangesAsync(server, "{\"account\":\"rogue-creamery\",\"update_campaigns\":3}");
        var changed = await ChangedCampaignsAsync(server, "2026-08-01T00:00:00Z");

        Assert.Empty(since);
        var updated = report.GetProperty("updated_campaigns").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        Assert.Equal(3, updated.Count);
        Assert.Equal(updated.Keys.Order(StringComparer.Ordinal), changed.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, campaign) in changed)
        {
            Assert.Equal(updated[id].GetProperty("name").GetString(), campaign.GetProperty("name").GetString());
            Assert.EndsWith("(edit 1)", campaign.GetProperty("name").GetString(), StringComparison.Ordinal);
            Assert.Equal("2026-08-01T12:00:00+00:00", campaign.GetProperty("updated_at").GetString());
        }
    }

    [Fact]
    public async Task DeleteCampaignsAndFlows_AFullReListFindsThemGone()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        var campaignsBefore = await AllIdsAsync(server, Channels.SelectMany(c => new[] { $"api/campaigns?filter=and(equals(messages.channel,'{c}'),equals(archived,false))", $"api/campaigns?filter=and(equals(messages.channel,'{c}'),equals(archived,true))" }));
        var flowsBefore = await AllIdsAsync(server, ["api/flows?filter=equals(archived,false)", "api/flows?filter=equals(archived,true)"]);

        var report = await PostChangesAsync(server, "{\"account\":\"rogue-creamery\",\"delete_campaigns\":4,\"delete_flows\":2}");
        var campaignsAfter = await AllIdsAsync(server, Channels.SelectMany(c => new[] { $"api/campaigns?filter=and(equals(messages.channel,'{c}'),equals(archived,false))", $"api/campaigns?filter=and(equals(messages.channel,'{c}'),equals(archived,true))" }));
        var flowsAfter = await AllIdsAsync(server, ["api/flows?filter=equals(archived,false)", "api/flows?filter=equals(archived,true)"]);

        var deletedCampaigns = report.GetProperty("deleted_campaigns").EnumerateArray().Select(e => e.GetString()!).ToList();
        var deletedFlows = report.GetProperty("deleted_flows").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(4, deletedCampaigns.Count);
        Assert.Equal(2, deletedFlows.Count);
        Assert.Equal(campaignsBefore.Except(deletedCampaigns).Order(StringComparer.Ordinal), campaignsAfter.Order(StringComparer.Ordinal));
        Assert.Equal(flowsBefore.Except(deletedFlows).Order(StringComparer.Ordinal), flowsAfter.Order(StringComparer.Ordinal));
    }

    internal static async Task<JsonElement> PostChangesAsync(SandboxServer server, string json)
    {
        using var response = await server.Client.PostAsync("_control/changes", SandboxRateLimitTests.Json(json), TestContext.Current.CancellationToken);
        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    private static async Task UndoAsync(SandboxServer server, string query)
    {
        using var response = await server.Client.DeleteAsync("_control/changes" + query, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private enum Attribution
    {
        None,
        Campaign,
        Flow,
    }

    private sealed record Order(string Id, decimal Value, Attribution Attribution);

    /// <summary>One local day of rogue-creamery as every endpoint reports it.</summary>
    private sealed record DayView(
        Dictionary<string, Order> Events,
        long AggregateCount,
        decimal AggregateSum,
        long FlowConversions,
        decimal FlowValue,
        long CampaignConversions);

    private static void AssertConsistent(DayView view)
    {
        Assert.Equal(view.Events.Count, view.AggregateCount);
        Assert.Equal(view.Events.Values.Sum(o => o.Value), view.AggregateSum);
        Assert.Equal(view.Events.Values.Count(o => o.Attribution == Attribution.Flow), view.FlowConversions);
        Assert.Equal(view.Events.Values.Where(o => o.Attribution == Attribution.Flow).Sum(o => o.Value), view.FlowValue);
    }

    private static async Task<DayView> DayViewAsync(SandboxServer server, DateOnly day)
    {
        const string Key = SandboxTestExtensions.Rogue;
        var metric = await server.MetricIdAsync(Key, "Placed Order", "Shopify");
        var events = await server.AllEventsAsync($"api/events?filter=equals(metric_id,\"{metric}\"),{SandboxReportTests.LocalDayRange(day, Pacific)}&page[size]=1000", Key);
        var orders = events.Select(ToOrder).ToDictionary(o => o.Id);

        var aggregate = await server.PostJsonAsync("api/metric-aggregates", Key, SandboxReportTests.Body("metric-aggregate",
            $"\"metric_id\":\"{metric}\",\"measurements\":[\"count\",\"sum_value\"],\"interval\":\"day\",\"timezone\":\"America/Los_Angeles\",\"filter\":[\"greater-or-equal(datetime,{day:yyyy-MM-dd}T00:00:00)\",\"less-than(datetime,{day.AddDays(1):yyyy-MM-dd}T00:00:00)\"]"));
        var measurements = Assert.Single(aggregate.GetProperty("data").GetProperty("attributes").GetProperty("data").EnumerateArray()).GetProperty("measurements");

        var flows = await server.PostJsonAsync("api/flow-values-reports", Key, SandboxReportTests.Body("flow-values-report",
            $"\"statistics\":[\"conversions\",\"conversion_value\"],\"timeframe\":{{\"start\":\"{day:yyyy-MM-dd}T00:00:00\",\"end\":\"{day.AddDays(1):yyyy-MM-dd}T00:00:00\"}},\"conversion_metric_id\":\"{metric}\""));
        var flowRows = flows.GetProperty("data").GetProperty("attributes").GetProperty("results").EnumerateArray().Select(SandboxReportTests.Statistics).ToList();

        // Campaign attribution reaches back five days, so campaigns sent from six days before cover the day's orders.
        var campaigns = await server.PostJsonAsync("api/campaign-values-reports", Key,
            await SandboxReportTests.CampaignValuesBodyAsync(server, $"{day.AddDays(-6):yyyy-MM-dd}T00:00:00", $"{day.AddDays(1):yyyy-MM-dd}T00:00:00"));
        var campaignConversions = campaigns.GetProperty("data").GetProperty("attributes").GetProperty("results").EnumerateArray()
            .Sum(r => r.GetProperty("statistics").GetProperty("conversions").GetInt64());

        return new DayView(
            orders,
            measurements.GetProperty("count")[0].GetInt64(),
            measurements.GetProperty("sum_value")[0].GetDecimal(),
            flowRows.Sum(s => s.GetProperty("conversions").GetInt64()),
            flowRows.Sum(s => s.GetProperty("conversion_value").GetDecimal()),
            campaignConversions);
    }

    private static Order ToOrder(JsonElement e)
    {
        var properties = e.GetProperty("attributes").GetProperty("event_properties");
        var value = properties.GetProperty("$value");
        var attribution = !properties.TryGetProperty("$attribution", out var a) ? Attribution.None
            : a.TryGetProperty("$flow", out _) ? Attribution.Flow
            : Attribution.Campaign;
        return new Order(
            e.GetProperty("id").GetString()!,
            value.ValueKind == JsonValueKind.String ? decimal.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetDecimal(),
            attribution);
    }

    /// <summary>Responses touched by the changes: rogue-creamery's changed days, reports and listings, then alder-and-ash's campaigns.</summary>
    private static async Task<List<string>> BodiesAsync(SandboxServer server)
    {
        var metric = await server.MetricIdAsync(SandboxTestExtensions.Rogue, "Placed Order", "Shopify");
        var range = "\"timeframe\":{\"start\":\"2026-06-01T00:00:00\",\"end\":\"2026-06-20T00:00:00\"}";
        var requests = new List<(string Url, string? Body, string Key)>
        {
            ($"api/events?filter={SandboxReportTests.LocalDayRange(AddDay, Pacific)}&page[size]=1000&include=profile,attributions", null, SandboxTestExtensions.Rogue),
            ($"api/events?filter={SandboxReportTests.LocalDayRange(DeleteDay, Pacific)}&page[size]=1000&include=profile,attributions", null, SandboxTestExtensions.Rogue),
            ("api/metric-aggregates", SandboxReportTests.Body("metric-aggregate", $"\"metric_id\":\"{metric}\",\"measurements\":[\"count\",\"sum_value\",\"unique\"],\"interval\":\"day\",\"timezone\":\"America/Los_Angeles\",\"by\":[\"$attributed_message\"],\"filter\":[\"greater-or-equal(datetime,2026-06-01T00:00:00)\",\"less-than(datetime,2026-06-20T00:00:00)\"]"), SandboxTestExtensions.Rogue),
            ("api/flow-series-reports", SandboxReportTests.Body("flow-series-report", $"\"statistics\":[\"conversions\",\"conversion_value\",\"conversion_uniques\"],{range},\"interval\":\"daily\",\"conversion_metric_id\":\"{metric}\""), SandboxTestExtensions.Rogue),
            ("api/campaign-values-reports", SandboxReportTests.Body("campaign-values-report", $"\"statistics\":[\"conversions\",\"conversion_value\"],{range},\"conversion_metric_id\":\"{metric}\""), SandboxTestExtensions.Rogue),
            ("api/campaigns?filter=equals(messages.channel,'email')&sort=-updated_at&include=campaign-messages", null, SandboxTestExtensions.Rogue),
            ("api/flows?include=flow-actions", null, SandboxTestExtensions.Rogue),
            ("api/campaigns?filter=equals(messages.channel,'email')&sort=-updated_at", null, SandboxTestExtensions.Alder),
        };
        var bodies = new List<string>();
        foreach (var (url, body, key) in requests)
        {
            using var response = body is null
                ? await server.GetAsync(url, key, TestContext.Current.CancellationToken)
                : await server.PostAsync(url, key, body, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            bodies.Add(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        return bodies;
    }

    private static async Task<Dictionary<string, JsonElement>> ChangedCampaignsAsync(SandboxServer server, string since)
    {
        var found = new Dictionary<string, JsonElement>();
        foreach (var channel in Channels)
        {
            var page = await server.GetJsonAsync($"api/campaigns?filter=and(equals(messages.channel,'{channel}'),greater-or-equal(updated_at,{since}))", SandboxTestExtensions.Rogue);
            foreach (var campaign in page.GetProperty("data").EnumerateArray())
            {
                found[campaign.GetProperty("id").GetString()!] = campaign.GetProperty("attributes");
            }
        }
        return found;
    }

    private static async Task<List<string>> AllIdsAsync(SandboxServer server, IEnumerable<string> firstUrls)
    {
        var ids = new List<string>();
        foreach (var first in firstUrls)
        {
            string? url = first;
            while (url is not null)
            {
                var page = await server.GetJsonAsync(url, SandboxTestExtensions.Rogue);
                ids.AddRange(page.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
                var next = page.GetProperty("links").GetProperty("next");
                url = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
            }
        }
        return ids;
    }
}
