using System.Globalization;
using System.Net;
using System.Text.Json;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.KlaviyoSandbox;

public sealed class SandboxAggregateTests
{
    private static readonly DateOnly[] SampleDays =
        [new(2025, 11, 3), new(2025, 11, 28), new(2025, 12, 14), new(2026, 3, 8), new(2026, 3, 29)];

    public static TheoryData<string, string, string> Accounts => new()
    {
        { SandboxTestExtensions.Rogue, "America/Los_Angeles", "Shopify" },
        { SandboxTestExtensions.Northloop, "America/New_York", "Shopify" },
        { SandboxTestExtensions.Alder, "Europe/Berlin", "API" },
    };

    [Theory]
    [MemberData(nameof(Accounts))]
    public async Task MetricAggregates_DailyCountAndSum_EqualEventsOfThatLocalDay(string key, string timezone, string integration)
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        var metric = await server.MetricIdAsync(key, "Placed Order", integration);
        var tz = TimeZoneInfo.FindSystemTimeZoneById(timezone);

        var json = await server.PostJsonAsync("api/metric-aggregates", key, SandboxReportTests.Body("metric-aggregate",
            $"\"metric_id\":\"{metric}\",\"measurements\":[\"count\",\"sum_value\",\"unique\"],\"interval\":\"day\",\"timezone\":\"{timezone}\",\"filter\":[\"greater-or-equal(datetime,2025-11-01T00:00:00)\",\"less-than(datetime,2026-04-01T00:00:00)\"]"));

        var attributes = json.GetProperty("data").GetProperty("attributes");
        var dates = attributes.GetProperty("dates").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Equal(151, dates.Count);
        var row = Assert.Single(attributes.GetProperty("data").EnumerateArray());
        Assert.Empty(row.GetProperty("dimensions").EnumerateArray());
        var counts = row.GetProperty("measurements").GetProperty("count").EnumerateArray().Select(v => v.GetInt64()).ToList();
        var sums = row.GetProperty("measurements").GetProperty("sum_value").EnumerateArray().Select(v => v.GetDecimal()).ToList();
        var uniques = row.GetProperty("measurements").GetProperty("unique").EnumerateArray().Select(v => v.GetInt64()).ToList();
        foreach (var day in SampleDays)
        {
            var index = dates.FindIndex(d => d.StartsWith(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal));
            var events = await server.AllEventsAsync($"api/events?filter=equals(metric_id,\"{metric}\"),{SandboxReportTests.LocalDayRange(day, tz)}&page[size]=1000", key);
            Assert.Equal(events.Count, counts[index]);
            Assert.Equal(events.Sum(Value), sums[index]);
            Assert.Equal(events.Select(e => e.GetProperty("relationships").GetProperty("profile").GetProperty("data").GetProperty("id").GetString()).Distinct().Count(), uniques[index]);
        }
        Assert.True(counts[27] > 1.5 * counts.Take(21).Average(), "Black Friday should peak");
    }

    [Fact]
    public async Task MetricAggregates_ByAttributedMessage_RowsAddUpToTheTotal()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        var metric = await server.MetricIdAsync(SandboxTestExtensions.Rogue, "Placed Order", "Shopify");
        var attributes = $"\"metric_id\":\"{metric}\",\"measurements\":[\"count\",\"sum_value\"],\"interval\":\"month\",\"timezone\":\"America/Los_Angeles\",\"filter\":[\"greater-or-equal(datetime,2026-01-01T00:00:00)\",\"less-than(datetime,2026-04-01T00:00:00)\"]";

        var total = await server.PostJsonAsync("api/metric-aggregates", SandboxTestExtensions.Rogue, SandboxReportTests.Body("metric-aggregate", attributes));
        var split = await server.PostJsonAsync("api/metric-aggregates", SandboxTestExtensions.Rogue, SandboxReportTests.Body("metric-aggregate", attributes + ",\"by\":[\"$attributed_message\",\"$attributed_channel\"]"));

        var totalCounts = total.GetProperty("data").GetProperty("attributes").GetProperty("data")[0].GetProperty("measurements").GetProperty("count").EnumerateArray().Select(v => v.GetInt64()).ToList();
        var rows = split.GetProperty("data").GetProperty("attributes").GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(3, totalCounts.Count);
        Assert.True(rows.Count > 5);
        for (var month = 0; month < 3; month++)
        {
            Assert.Equal(totalCounts[month], rows.Sum(r => r.GetProperty("measurements").GetProperty("count")[month].GetInt64()));
        }
        Assert.Contains(rows, r => r.GetProperty("dimensions")[1].GetString() == "email");
        Assert.Contains(rows, r => r.GetProperty("dimensions")[0].GetString() == string.Empty);
    }

    [Fact]
    public async Task MetricAggregates_ReceivedEmailByMessage_MatchesCampaignValuesDelivered()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        var received = await server.MetricIdAsync(SandboxTestExtensions.Rogue, "Received Email", "Klaviyo");
        var opened = await server.MetricIdAsync(SandboxTestExtensions.Rogue, "Opened Email", "Klaviyo");
        var report = await server.PostJsonAsync("api/campaign-values-reports", SandboxTestExtensions.Rogue,
            await SandboxReportTests.CampaignValuesBodyAsync(server, "2026-01-01T00:00:00", "2026-04-01T00:00:00"));
        string Query(string metric) => SandboxReportTests.Body("metric-aggregate",
            $"\"metric_id\":\"{metric}\",\"measurements\":[\"count\",\"unique\"],\"interval\":\"month\",\"timezone\":\"America/Los_Angeles\",\"by\":[\"$message\"],\"filter\":[\"greater-or-equal(datetime,2026-01-01T00:00:00)\",\"less-than(datetime,2026-04-01T00:00:00)\"]");

        var receivedRows = Rows(await server.PostJsonAsync("api/metric-aggregates", SandboxTestExtensions.Rogue, Query(received)));
        var openedRows = Rows(await server.PostJsonAsync("api/metric-aggregates", SandboxTestExtensions.Rogue, Query(opened)));

        var emailRows = report.GetProperty("data").GetProperty("attributes").GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("groupings").GetProperty("send_channel").GetString() == "email").ToList();
        Assert.NotEmpty(emailRows);
        foreach (var row in emailRows)
        {
            var id = row.GetProperty("groupings").GetProperty("campaign_id").GetString()!;
            Assert.Equal(row.GetProperty("statistics").GetProperty("delivered").GetInt64(), receivedRows[id].Count);
            Assert.Equal(row.GetProperty("statistics").GetProperty("opens_unique").GetInt64(), openedRows[id].Unique);
        }
    }

    [Theory]
    [InlineData("\"measurements\":[\"count\"],\"filter\":[\"greater-or-equal(datetime,2026-01-01T00:00:00)\"]", "time range")]
    [InlineData("\"measurements\":[\"count\"],\"filter\":[\"greater-or-equal(datetime,2024-01-01T00:00:00)\",\"less-than(datetime,2026-01-01T00:00:00)\"]", "at most 1 year")]
    [InlineData("\"measurements\":[\"total\"],\"filter\":[\"greater-or-equal(datetime,2026-01-01T00:00:00)\",\"less-than(datetime,2026-02-01T00:00:00)\"]", "'measurements'")]
    [InlineData("\"measurements\":[\"count\"],\"timezone\":\"Mars/Olympus\",\"filter\":[\"greater-or-equal(datetime,2026-01-01T00:00:00)\",\"less-than(datetime,2026-02-01T00:00:00)\"]", "not a valid timezone")]
    [InlineData("\"measurements\":[\"count\"],\"by\":[\"$planet\"],\"filter\":[\"greater-or-equal(datetime,2026-01-01T00:00:00)\",\"less-than(datetime,2026-02-01T00:00:00)\"]", "not a valid 'by'")]
    public async Task MetricAggregates_InvalidBodies_Return400(string attributes, string detail)
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        var metric = await server.MetricIdAsync(SandboxTestExtensions.Rogue, "Placed Order", "Shopify");

        using var response = await server.PostAsync("api/metric-aggregates", SandboxTestExtensions.Rogue,
            SandboxReportTests.Body("metric-aggregate", $"\"metric_id\":\"{metric}\"," + attributes), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, (await response.JsonAsync()).SingleError().GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricAggregates_HourlyOverTwoDays_Returns48Buckets()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        var metric = await server.MetricIdAsync(SandboxTestExtensions.Northloop, "Placed Order", "Shopify");

        var json = await server.PostJsonAsync("api/metric-aggregates", SandboxTestExtensions.Northloop, SandboxReportTests.Body("metric-aggregate",
            $"\"metric_id\":\"{metric}\",\"measurements\":[\"count\"],\"interval\":\"hour\",\"filter\":[\"greater-or-equal(datetime,2026-05-01T00:00:00Z)\",\"less-than(datetime,2026-05-03T00:00:00Z)\"]"));

        var attributes = json.GetProperty("data").GetProperty("attributes");
        Assert.Equal(48, attributes.GetProperty("dates").GetArrayLength());
        Assert.Equal("2026-05-01T00:00:00+00:00", attributes.GetProperty("dates")[0].GetString());
        Assert.InRange(attributes.GetProperty("data")[0].GetProperty("measurements").GetProperty("count").EnumerateArray().Sum(v => v.GetInt64()), 300, 1500);
    }

    private static decimal Value(JsonElement e)
    {
        var value = e.GetProperty("attributes").GetProperty("event_properties").GetProperty("$value");
        return value.ValueKind == JsonValueKind.String ? decimal.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetDecimal();
    }

    private static Dictionary<string, (long Count, long Unique)> Rows(JsonElement json) =>
        json.GetProperty("data").GetProperty("attributes").GetProperty("data").EnumerateArray().ToDictionary(
            r => r.GetProperty("dimensions")[0].GetString()!,
            r => (r.GetProperty("measurements").GetProperty("count").EnumerateArray().Sum(v => v.GetInt64()),
                  r.GetProperty("measurements").GetProperty("unique").EnumerateArray().Sum(v => v.GetInt64())));
}
