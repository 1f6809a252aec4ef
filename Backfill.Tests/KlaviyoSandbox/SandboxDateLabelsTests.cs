using Backfill.KlaviyoSandbox;

namespace Backfill.Tests.KlaviyoSandbox;

/// <summary>
/// <c>Klaviyo:Sandbox:DateLabels</c>: flow-series <c>date_times</c> and metric-aggregate <c>dates</c> label each local
/// day either as Klaviyo's spec examples do (local midnight written <c>+00:00</c>) or with the local offset. Northloop is
/// in New York; 2026-03-08 is its spring-forward day.
/// </summary>
public sealed class SandboxDateLabelsTests
{
    [Theory]
    [InlineData(SandboxDateLabels.Utc, "2026-03-01T00:00:00+00:00", "2026-03-09T00:00:00+00:00")]
    [InlineData(SandboxDateLabels.Local, "2026-03-01T00:00:00-05:00", "2026-03-09T00:00:00-04:00")]
    public async Task FlowSeriesAndMetricAggregates_DailyLabels_FollowTheOption(SandboxDateLabels style, string first, string ninth)
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync(o => o.DateLabels = style);
        var metric = await server.MetricIdAsync(SandboxTestExtensions.Northloop, "Placed Order", "Shopify");

        var series = await server.PostJsonAsync("api/flow-series-reports", SandboxTestExtensions.Northloop, SandboxReportTests.Body("flow-series-report",
            $"\"statistics\":[\"recipients\"],\"interval\":\"daily\",\"timeframe\":{{\"start\":\"2026-03-01T00:00:00\",\"end\":\"2026-03-15T00:00:00\"}},\"conversion_metric_id\":\"{metric}\""));
        var aggregate = await server.PostJsonAsync("api/metric-aggregates", SandboxTestExtensions.Northloop, SandboxReportTests.Body("metric-aggregate",
            $"\"metric_id\":\"{metric}\",\"measurements\":[\"count\"],\"interval\":\"day\",\"timezone\":\"America/New_York\",\"filter\":[\"greater-or-equal(datetime,2026-03-01T00:00:00)\",\"less-than(datetime,2026-03-15T00:00:00)\"]"));

        foreach (var labels in new[] { Labels(series, "date_times"), Labels(aggregate, "dates") })
        {
            Assert.Equal(14, labels.Count);
            Assert.Equal(first, labels[0]);
            Assert.Equal(ninth, labels[8]);
            Assert.Equal(Enumerable.Range(1, 14).Select(d => $"2026-03-{d:00}T00:00:00"), labels.Select(l => l[..19]));
        }
    }

    [Fact]
    public void DateLabels_Unset_IsTheSpecExamplesUtcStyle()
    {
        Assert.Equal(SandboxDateLabels.Utc, new SandboxOptions().DateLabels);
    }

    private static List<string> Labels(System.Text.Json.JsonElement json, string name) =>
        [.. json.GetProperty("data").GetProperty("attributes").GetProperty(name).EnumerateArray().Select(d => d.GetString()!)];
}
