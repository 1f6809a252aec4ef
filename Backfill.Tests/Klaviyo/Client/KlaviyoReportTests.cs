using System.Net;
using System.Text.Json;
using Backfill.Services.Klaviyo;
using Backfill.Services.Klaviyo.Client;

namespace Backfill.Tests.Klaviyo.Client;

public sealed class KlaviyoReportTests : IDisposable
{
    private readonly KlaviyoTestHost _host = new(o => o.Limits["flow-series-reports"] = new KlaviyoBucketLimitOverride { Burst = 0, Steady = 0 });

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData(KlaviyoSeriesInterval.Daily, 150, 3)]
    [InlineData(KlaviyoSeriesInterval.Daily, 60, 1)]
    [InlineData(KlaviyoSeriesInterval.Daily, 61, 2)]
    [InlineData(KlaviyoSeriesInterval.Hourly, 30, 5)]
    [InlineData(KlaviyoSeriesInterval.Monthly, 365, 2)]
    public void Split_LongTimeframe_UsesWindowsKlaviyoAccepts(KlaviyoSeriesInterval interval, int days, int windows)
    {
        var start = new DateTime(2026, 1, 1);

        var split = ReportWindows.Split(new KlaviyoTimeframe(start, start.AddDays(days)), interval);

        Assert.Equal(windows, split.Count);
        Assert.Equal(start, split[0].Start);
        Assert.Equal(start.AddDays(days), split[^1].End);
        Assert.All(split, w => Assert.True(w.End - w.Start <= ReportWindows.MaxWindow(interval)));
        Assert.All(split.Zip(split.Skip(1)), p => Assert.Equal(p.First.End, p.Second.Start));
    }

    [Fact]
    public void Split_EndBeforeStart_Throws()
    {
        Assert.Throws<ArgumentException>(() => ReportWindows.Split(new KlaviyoTimeframe(new DateTime(2026, 2, 1), new DateTime(2026, 1, 1)), KlaviyoSeriesInterval.Daily));
    }

    [Fact]
    public async Task QueryFlowSeriesAsync_150Days_PostsThreeWindowsAndStitchesThem()
    {
        _host.Handler.Fallback = _ =>
        {
            var body = JsonDocument.Parse(_host.Handler.Requests.Last().Body!).RootElement;
            var start = DateTime.Parse(body.GetProperty("data").GetProperty("attributes").GetProperty("timeframe").GetProperty("start").GetString()![..19], System.Globalization.CultureInfo.InvariantCulture);
            var end = DateTime.Parse(body.GetProperty("data").GetProperty("attributes").GetProperty("timeframe").GetProperty("end").GetString()![..19], System.Globalization.CultureInfo.InvariantCulture);
            // Inclusive of the end day, as a cautious server might be: the client must not double count it.
            var days = Enumerable.Range(0, (int)(end - start).TotalDays + 1).Select(d => start.AddDays(d)).ToList();
            var dates = string.Join(",", days.Select(d => $"\"{d:yyyy-MM-dd}T00:00:00+00:00\""));
            var values = string.Join(",", days.Select(d => d.DayOfYear));
            return ScriptedKlaviyoHandler.Json(HttpStatusCode.OK, $$"""
                {"data":{"type":"flow-series-report","attributes":{"date_times":[{{dates}}],
                  "results":[{"groupings":{"flow_id":"F1","flow_message_id":"M1","send_channel":"email"},"statistics":{"recipients":[{{values}}] } } ] } } }
                """);
        };

        var report = await _host.Client().QueryFlowSeriesAsync(
            new KlaviyoSeriesQuery(["recipients"], new KlaviyoTimeframe(new DateTime(2026, 1, 1), new DateTime(2026, 5, 31)), "RESQ6t"),
            TestContext.Current.CancellationToken);

        Assert.Equal(3, _host.Handler.Requests.Count);
        var firstBody = JsonDocument.Parse(_host.Handler.Requests.First().Body!).RootElement.GetProperty("data");
        Assert.Equal("flow-series-report", firstBody.GetProperty("type").GetString());
        Assert.Equal("daily", firstBody.GetProperty("attributes").GetProperty("interval").GetString());
        Assert.Equal("2026-01-01T00:00:00+00:00", firstBody.GetProperty("attributes").GetProperty("timeframe").GetProperty("start").GetString());
        Assert.Equal("2026-03-02T00:00:00+00:00", firstBody.GetProperty("attributes").GetProperty("timeframe").GetProperty("end").GetString());
        Assert.Equal(151, report.BucketStarts.Count);
        var row = Assert.Single(report.Results);
        Assert.Equal("F1", row.Groupings["flow_id"]);
        Assert.Equal(report.BucketStarts.Select(d => (decimal?)d.DayOfYear), row.Statistics["recipients"]);
    }

    [Fact]
    public async Task QueryCampaignValuesAsync_Always_PostsTheDocumentedBodyAndReadsResults()
    {
        _host.Handler.Then(HttpStatusCode.OK, """
            {"data":{"type":"campaign-values-report","attributes":{"results":[
              {"groupings":{"campaign_id":"C1","campaign_message_id":"CM1","send_channel":"email"},"statistics":{"recipients":120,"open_rate":0.8253,"conversion_value":null}}]}}}
            """);

        var report = await _host.Client().QueryCampaignValuesAsync(
            new KlaviyoValuesQuery(["recipients", "open_rate"], new KlaviyoTimeframe(new DateTime(2025, 7, 1), new DateTime(2026, 7, 1)), "RESQ6t", ["campaign_id", "campaign_message_id"], "equals(send_channel,\"email\")"),
            TestContext.Current.CancellationToken);

        var request = Assert.Single(_host.Handler.Requests);
        Assert.Equal("https://klaviyo.test/api/campaign-values-reports", request.Uri.AbsoluteUri);
        Assert.Equal(HttpMethod.Post, request.Method);
        var attributes = JsonDocument.Parse(request.Body!).RootElement.GetProperty("data").GetProperty("attributes");
        Assert.Equal("RESQ6t", attributes.GetProperty("conversion_metric_id").GetString());
        Assert.Equal("2026-07-01T00:00:00+00:00", attributes.GetProperty("timeframe").GetProperty("end").GetString());
        Assert.Equal("equals(send_channel,\"email\")", attributes.GetProperty("filter").GetString());
        Assert.Equal(2, attributes.GetProperty("group_by").GetArrayLength());
        var row = Assert.Single(report.Results);
        Assert.Equal(0.8253m, row.Statistics["open_rate"]);
        Assert.Null(row.Statistics["conversion_value"]);
    }

    [Fact]
    public async Task QueryCampaignValuesAsync_MoreThanAYear_IsRefusedBeforeAnyRequest()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _host.Client().QueryCampaignValuesAsync(
            new KlaviyoValuesQuery(["recipients"], new KlaviyoTimeframe(new DateTime(2024, 1, 1), new DateTime(2025, 1, 2)), "RESQ6t"),
            TestContext.Current.CancellationToken));

        Assert.Empty(_host.Handler.Requests);
    }

    [Fact]
    public async Task QueryMetricAggregatesAsync_NextLink_SendsCursorInBodyAndMergesRows()
    {
        _host.Handler
            .Then(HttpStatusCode.OK, """
                {"data":{"type":"metric-aggregate","id":"x","attributes":{"dates":["2026-03-01T00:00:00-05:00","2026-03-02T00:00:00-05:00"],
                  "data":[{"dimensions":["MSG1"],"measurements":{"count":[1,2],"sum_value":[10.5,"20"]}}]}},
                 "links":{"self":"s","next":"https://klaviyo.test/api/metric-aggregates?page_cursor=CUR%3D"}}
                """)
            .Then(HttpStatusCode.OK, """
                {"data":{"type":"metric-aggregate","id":"x","attributes":{"dates":["2026-03-01T00:00:00-05:00","2026-03-02T00:00:00-05:00"],
                  "data":[{"dimensions":[""],"measurements":{"count":[3,0],"sum_value":[30,0]}}]}}}
                """);

        var aggregate = await _host.Client().QueryMetricAggregatesAsync(
            new KlaviyoAggregateQuery("RESQ6t", new DateTime(2026, 3, 1), new DateTime(2026, 3, 3), "America/New_York", By: ["$attributed_message"]),
            TestContext.Current.CancellationToken);

        Assert.Equal(2, aggregate.BucketStarts.Count);
        Assert.Equal([["MSG1"], [""]], aggregate.Rows.Select(r => r.Dimensions));
        Assert.Equal([10.5m, 20m], aggregate.Rows[0].Measurements["sum_value"]);
        var first = JsonDocument.Parse(_host.Handler.Requests.First().Body!).RootElement.GetProperty("data").GetProperty("attributes");
        Assert.Equal("America/New_York", first.GetProperty("timezone").GetString());
        Assert.Equal("greater-or-equal(datetime,2026-03-01T00:00:00)", first.GetProperty("filter")[0].GetString());
        Assert.Equal("less-than(datetime,2026-03-03T00:00:00)", first.GetProperty("filter")[1].GetString());
        Assert.Equal("$attributed_message", first.GetProperty("by")[0].GetString());
        var second = JsonDocument.Parse(_host.Handler.Requests.Last().Body!).RootElement.GetProperty("data").GetProperty("attributes");
        Assert.Equal("CUR=", second.GetProperty("page_cursor").GetString());
    }

    [Fact]
    public async Task QueryMetricAggregatesAsync_SpecStyleLabelsWestOfUtc_DaysAreTheLabelsOwnDates()
    {
        _host.Handler.Then(HttpStatusCode.OK, """
            {"data":{"type":"metric-aggregate","id":"x","attributes":{"dates":["2026-03-07T00:00:00+00:00","2026-03-08T00:00:00+00:00","2026-03-09T00:00:00+00:00"],
              "data":[{"dimensions":[],"measurements":{"count":[7,8,9]}}]}}}
            """);

        var aggregate = await _host.Client().QueryMetricAggregatesAsync(
            new KlaviyoAggregateQuery("RESQ6t", new DateTime(2026, 3, 7), new DateTime(2026, 3, 10), "America/Los_Angeles"),
            TestContext.Current.CancellationToken);

        Assert.Equal([new DateOnly(2026, 3, 7), new DateOnly(2026, 3, 8), new DateOnly(2026, 3, 9)], Enumerable.Range(0, 3).Select(aggregate.Day));
        Assert.Equal([7m, 8m, 9m], aggregate.Rows.Single().Measurements["count"]);
    }

    [Fact]
    public async Task QueryMetricAggregatesAsync_DatesADayBeforeTheQuery_ThrowsReportDatesException()
    {
        // What an answer converted as instants would look like: UTC midnight of each day, seen from Los Angeles.
        _host.Handler.Then(HttpStatusCode.OK, """
            {"data":{"type":"metric-aggregate","id":"x","attributes":{"dates":["2026-03-06T16:00:00-08:00","2026-03-07T16:00:00-08:00"],
              "data":[{"dimensions":[],"measurements":{"count":[1,2]}}]}}}
            """);

        var error = await Assert.ThrowsAsync<KlaviyoReportDatesException>(() => _host.Client().QueryMetricAggregatesAsync(
            new KlaviyoAggregateQuery("RESQ6t", new DateTime(2026, 3, 7), new DateTime(2026, 3, 9), "America/Los_Angeles"),
            TestContext.Current.CancellationToken));

        Assert.Equal("metric-aggregates", error.Endpoint);
        Assert.Equal("2026-03-06T16:00:00-08:00", error.Label);
    }

    [Fact]
    public async Task QueryFlowSeriesAsync_SecondWindowLabelledFromTheWrongDay_ThrowsReportDatesException()
    {
        _host.Handler.Fallback = _ =>
        {
            var body = JsonDocument.Parse(_host.Handler.Requests.Last().Body!).RootElement;
            var start = DateTime.Parse(body.GetProperty("data").GetProperty("attributes").GetProperty("timeframe").GetProperty("start").GetString()![..19], System.Globalization.CultureInfo.InvariantCulture);
            // The second window's labels start a day early; the first window's are right.
            var from = start == new DateTime(2026, 1, 1) ? start : start.AddDays(-1);
            var dates = string.Join(",", Enumerable.Range(0, 60).Select(d => $"\"{from.AddDays(d):yyyy-MM-dd}T00:00:00+00:00\""));
            return ScriptedKlaviyoHandler.Json(HttpStatusCode.OK, $$"""
                {"data":{"type":"flow-series-report","attributes":{"date_times":[{{dates}}],"results":[] } } }
                """);
        };

        var error = await Assert.ThrowsAsync<KlaviyoReportDatesException>(() => _host.Client().QueryFlowSeriesAsync(
            new KlaviyoSeriesQuery(["recipients"], new KlaviyoTimeframe(new DateTime(2026, 1, 1), new DateTime(2026, 3, 31)), "RESQ6t"),
            TestContext.Current.CancellationToken));

        Assert.Equal("2026-03-01T00:00:00+00:00", error.Label);
        Assert.Contains("2026-03-02", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryFlowValuesAsync_OwnDailyQuotaSpent_ThrowsRateLimitedWithoutSending()
    {
        using var host = new KlaviyoTestHost(o => o.Limits["flow-values-reports"] = new KlaviyoBucketLimitOverride { Daily = 1 });
        host.Handler.Fallback = _ => ScriptedKlaviyoHandler.Json(HttpStatusCode.OK, """{"data":{"type":"flow-values-report","attributes":{"results":[]}}}""");
        var client = host.Client();
        var query = new KlaviyoValuesQuery(["recipients"], new KlaviyoTimeframe(new DateTime(2026, 1, 1), new DateTime(2026, 2, 1)), "RESQ6t");
        await client.QueryFlowValuesAsync(query, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<KlaviyoRateLimitedException>(() => client.QueryFlowValuesAsync(query, TestContext.Current.CancellationToken));

        Assert.Equal("flow-values-reports", error.Bucket);
        Assert.True(error.RetryAt > host.Time.GetUtcNow().AddHours(23));
        Assert.Single(host.Handler.Requests);
    }
}
