using System.Globalization;
using System.Net;
using System.Text.Json;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.KlaviyoSandbox;

public sealed class SandboxReportTests
{
    private static readonly string[] SendChannels = ["email", "sms", "push-notification"];
    private static readonly string[] CountStatistics = ["recipients", "delivered", "opens_unique", "clicks_unique", "conversions"];

    private const string Stats = "[\"recipients\",\"delivered\",\"opens_unique\",\"open_rate\",\"clicks_unique\",\"click_rate\",\"conversions\",\"conversion_value\",\"conversion_uniques\",\"delivery_rate\"]";

    internal static async Task<string> CampaignValuesBodyAsync(SandboxServer server, string start, string end, string key = SandboxTestExtensions.Rogue)
    {
        var metric = await server.MetricIdAsync(key, "Placed Order", key == SandboxTestExtensions.Alder ? "API" : "Shopify");
        return Body("campaign-values-report", $"\"statistics\":{Stats},\"timeframe\":{{\"start\":\"{start}\",\"end\":\"{end}\"}},\"conversion_metric_id\":\"{metric}\"");
    }

    internal static string Body(string type, string attributes) => $"{{\"data\":{{\"type\":\"{type}\",\"attributes\":{{{attributes}}}}}}}";

    [Fact]
    public async Task CampaignValues_TwoMonths_ReturnsPlausibleConsistentRows()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        var body = await CampaignValuesBodyAsync(server, "2025-11-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00");

        var json = await server.PostJsonAsync("api/campaign-values-reports", SandboxTestExtensions.Rogue, body);

        var data = json.GetProperty("data");
        Assert.Equal("campaign-values-report", data.GetProperty("type").GetString());
        var results = data.GetProperty("attributes").GetProperty("results").EnumerateArray().ToList();
        Assert.InRange(results.Count, 15, 60);
        Assert.Equal(
            results.Select(r => r.GetProperty("groupings").GetProperty("campaign_id").GetString()).Distinct().Order(),
            data.GetProperty("relationships").GetProperty("campaigns").GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()).Order());
        foreach (var r in results)
        {
            var g = r.GetProperty("groupings");
            Assert.True(g.TryGetProperty("campaign_message_id", out _));
            Assert.Contains(g.GetProperty("send_channel").GetString(), SendChannels);
            var s = r.GetProperty("statistics");
            var recipients = s.GetProperty("recipients").GetInt64();
            var delivered = s.GetProperty("delivered").GetInt64();
            var opens = s.GetProperty("opens_unique").GetInt64();
            Assert.InRange(delivered, 1, recipients);
            Assert.InRange(opens, 0, delivered);
            Assert.Equal((double)opens / delivered, s.GetProperty("open_rate").GetDouble(), 12);
            Assert.Equal((double)s.GetProperty("clicks_unique").GetInt64() / delivered, s.GetProperty("click_rate").GetDouble(), 12);
            Assert.Equal((double)delivered / recipients, s.GetProperty("delivery_rate").GetDouble(), 12);
            Assert.InRange(s.GetProperty("conversion_uniques").GetInt64(), 0, s.GetProperty("conversions").GetInt64());
        }
        Assert.Contains(results, r => r.GetProperty("statistics").GetProperty("conversions").GetInt64() > 0);
    }

    [Fact]
    public async Task CampaignValues_Conversions_EqualAttributedOrdersFromTheEventsEndpoint()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        var body = await CampaignValuesBodyAsync(server, "2026-02-01T00:00:00", "2026-04-01T00:00:00");
        var report = await server.PostJsonAsync("api/campaign-values-reports", SandboxTestExtensions.Rogue, body);

        var events = await server.AllEventsAsync("api/events?filter=greater-or-equal(datetime,2026-01-31T00:00:00Z),less-than(datetime,2026-04-09T00:00:00Z)&page[size]=1000&include=attributions", SandboxTestExtensions.Rogue);

        var byCampaign = new Dictionary<string, (int Count, decimal Value)>();
        foreach (var e in events)
        {
            var properties = e.GetProperty("attributes").GetProperty("event_properties");
            if (!properties.TryGetProperty("$attribution", out var attribution) || attribution.TryGetProperty("$flow", out _))
            {
                continue;
            }
            var campaign = attribution.GetProperty("$message").GetString()!;
            var current = byCampaign.GetValueOrDefault(campaign);
            byCampaign[campaign] = (current.Count + 1, current.Value + properties.GetProperty("$value").GetDecimal());
        }
        var rows = report.GetProperty("data").GetProperty("attributes").GetProperty("results").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var id = row.GetProperty("groupings").GetProperty("campaign_id").GetString()!;
            var expected = byCampaign.GetValueOrDefault(id);
            Assert.Equal(expected.Count, row.GetProperty("statistics").GetProperty("conversions").GetInt32());
            Assert.Equal(expected.Value, row.GetProperty("statistics").GetProperty("conversion_value").GetDecimal());
        }
    }

    [Fact]
    public async Task FlowValues_EqualTheSumOfTheDailySeries()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        var metric = await server.MetricIdAsync(SandboxTestExtensions.Northloop, "Placed Order", "Shopify");
        var common = $"\"statistics\":[\"recipients\",\"delivered\",\"opens_unique\",\"clicks_unique\",\"conversions\",\"conversion_value\"],\"timeframe\":{{\"start\":\"2026-03-01T00:00:00\",\"end\":\"2026-04-30T00:00:00\"}},\"conversion_metric_id\":\"{metric}\",\"group_by\":[\"flow_id\",\"flow_message_id\",\"send_channel\",\"flow_name\",\"flow_message_name\"]";

        var values = await server.PostJsonAsync("api/flow-values-reports", SandboxTestExtensions.Northloop, Body("flow-values-report", common));
        var series = await server.PostJsonAsync("api/flow-series-reports", SandboxTestExtensions.Northloop, Body("flow-series-report", common + ",\"interval\":\"daily\""));

        var dates = series.GetProperty("data").GetProperty("attributes").GetProperty("date_times").EnumerateArray().Select(d => d.GetString()).ToList();
        Assert.Equal(60, dates.Count);
        var seriesRows = series.GetProperty("data").GetProperty("attributes").GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("groupings").GetProperty("flow_message_id").GetString()!);
        var valueRows = values.GetProperty("data").GetProperty("attributes").GetProperty("results").EnumerateArray().ToList();
        Assert.InRange(valueRows.Count, 10, 30);
        foreach (var row in valueRows)
        {
            Assert.False(string.IsNullOrEmpty(row.GetProperty("groupings").GetProperty("flow_name").GetString()));
            var daily = seriesRows[row.GetProperty("groupings").GetProperty("flow_message_id").GetString()!].GetProperty("statistics");
            foreach (var stat in CountStatistics)
            {
                Assert.Equal(row.GetProperty("statistics").GetProperty(stat).GetInt64(), daily.GetProperty(stat).EnumerateArray().Sum(v => v.GetInt64()));
            }
            Assert.Equal(row.GetProperty("statistics").GetProperty("conversion_value").GetDecimal(), daily.GetProperty("conversion_value").EnumerateArray().Sum(v => v.GetDecimal()));
        }
        Assert.Contains(valueRows, r => r.GetProperty("statistics").GetProperty("conversions").GetInt64() > 0);
    }

    [Theory]
    [InlineData("flow-series-report", "\"interval\":\"daily\",\"timeframe\":{\"start\":\"2026-01-01T00:00:00\",\"end\":\"2026-03-03T00:00:00\"}", "cannot be longer than 60 days")]
    [InlineData("flow-series-report", "\"interval\":\"hourly\",\"timeframe\":{\"start\":\"2026-01-01T00:00:00\",\"end\":\"2026-01-09T00:00:00\"}", "cannot be longer than 7 days")]
    [InlineData("flow-series-report", "\"timeframe\":{\"start\":\"2026-01-01T00:00:00\",\"end\":\"2026-01-09T00:00:00\"}", "'interval' is a required field")]
    [InlineData("flow-values-report", "\"timeframe\":{\"start\":\"2025-01-01T00:00:00\",\"end\":\"2026-01-02T00:00:00\"}", "longer than 1 year")]
    [InlineData("flow-values-report", "\"timeframe\":{\"key\":\"last_decade\"}", "not a valid timeframe key")]
    [InlineData("flow-values-report", "\"timeframe\":{\"key\":\"last_30_days\"},\"group_by\":[\"flow_name\"]", "must include 'flow_id'")]
    [InlineData("flow-values-report", "\"timeframe\":{\"key\":\"last_30_days\"},\"filter\":\"equals(send_channel,\\\"fax\\\")\"", "allowed values are email")]
    public async Task FlowReports_InvalidBodies_Return400(string type, string extra, string detail)
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        var metric = await server.MetricIdAsync(SandboxTestExtensions.Rogue, "Placed Order", "Shopify");

        using var response = await server.PostAsync(
            "api/" + type + "s", SandboxTestExtensions.Rogue,
            Body(type, $"\"statistics\":[\"recipients\"],\"conversion_metric_id\":\"{metric}\",{extra}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, (await response.JsonAsync()).SingleError().GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CampaignValues_MissingConversionMetricOrEngagementMetric_Returns400()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        var opened = await server.MetricIdAsync(SandboxTestExtensions.Rogue, "Opened Email", "Klaviyo");
        const string Timeframe = "\"statistics\":[\"opens\"],\"timeframe\":{\"key\":\"last_90_days\"}";

        using var missing = await server.PostAsync("api/campaign-values-reports", SandboxTestExtensions.Rogue, Body("campaign-values-report", Timeframe), TestContext.Current.CancellationToken);
        using var engagement = await server.PostAsync("api/campaign-values-reports", SandboxTestExtensions.Rogue, Body("campaign-values-report", Timeframe + $",\"conversion_metric_id\":\"{opened}\""), TestContext.Current.CancellationToken);
        using var wrongType = await server.PostAsync("api/campaign-values-reports", SandboxTestExtensions.Rogue, Body("flow-values-report", Timeframe), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("conversion_metric_id", (await missing.JsonAsync()).SingleError().GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, engagement.StatusCode);
        Assert.Contains("does not support querying for values data", (await engagement.JsonAsync()).SingleError().GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, wrongType.StatusCode);
    }

    [Fact]
    public async Task CampaignValues_TimeframeKey_IsResolvedInAccountTimezone()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync(o => o.HistoryEndDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1));
        var metric = await server.MetricIdAsync(SandboxTestExtensions.Rogue, "Placed Order", "Shopify");

        var json = await server.PostJsonAsync("api/campaign-values-reports", SandboxTestExtensions.Rogue,
            Body("campaign-values-report", $"\"statistics\":[\"recipients\"],\"timeframe\":{{\"key\":\"last_365_days\"}},\"conversion_metric_id\":\"{metric}\""));

        Assert.InRange(json.GetProperty("data").GetProperty("attributes").GetProperty("results").GetArrayLength(), 40, 110);
    }

    internal static string LocalDayRange(DateOnly day, TimeZoneInfo tz)
    {
        var start = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), tz);
        var end = TimeZoneInfo.ConvertTimeToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue), tz);
        return string.Create(CultureInfo.InvariantCulture, $"greater-or-equal(datetime,{start:yyyy-MM-ddTHH:mm:ss}Z),less-than(datetime,{end:yyyy-MM-ddTHH:mm:ss}Z)");
    }

    internal static JsonElement Statistics(JsonElement row) => row.GetProperty("statistics");
}
