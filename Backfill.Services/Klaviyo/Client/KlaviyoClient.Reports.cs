using System.Text.Json;
using System.Text.Json.Nodes;
using Backfill.Services.Klaviyo.RateLimiting;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>Reporting calls: values, series (split into accepted windows) and metric aggregates.</summary>
internal sealed partial class KlaviyoClient
{
    public Task<KlaviyoValuesReport> QueryCampaignValuesAsync(KlaviyoValuesQuery query, CancellationToken cancellationToken) =>
        QueryValuesAsync("api/campaign-values-reports", "campaign-values-report", KlaviyoBuckets.CampaignValuesReports, query, cancellationToken);

    public Task<KlaviyoValuesReport> QueryFlowValuesAsync(KlaviyoValuesQuery query, CancellationToken cancellationToken) =>
        QueryValuesAsync("api/flow-values-reports", "flow-values-report", KlaviyoBuckets.FlowValuesReports, query, cancellationToken);

    public async Task<KlaviyoSeriesReport> QueryFlowSeriesAsync(KlaviyoSeriesQuery query, CancellationToken cancellationToken)
    {
        var merged = new SeriesMerger();
        foreach (var window in ReportWindows.Split(query.Timeframe, query.Interval))
        {
            var attributes = ReportAttributes(query.Statistics, window, query.ConversionMetricId, query.GroupBy, query.Filter);
            attributes["interval"] = ReportWindows.Name(query.Interval);
            await foreach (var page in PostPagesAsync("api/flow-series-reports", "flow-series-report", KlaviyoBuckets.FlowSeriesReports, attributes, cancellationToken))
            {
                if (page.DataUtf8.Count > 0 && ReportAnswerReader.Read(page.DataUtf8[0], "date_times", "results", "statistics") is { } report)
                {
                    merged.Add(report, window, query.Interval);
                }
            }
        }

        return merged.ToReport();
    }

    public async Task<KlaviyoMetricAggregate> QueryMetricAggregatesAsync(KlaviyoAggregateQuery query, CancellationToken cancellationToken)
    {
        var attributes = new JsonObject
        {
            ["metric_id"] = query.MetricId,
            ["measurements"] = Array(query.Measurements ?? ["count", "sum_value"]),
            ["interval"] = query.Interval,
            ["filter"] = Array(
            [
                $"greater-or-equal(datetime,{KlaviyoQueries.LocalNoOffset(query.Start)})",
                $"less-than(datetime,{KlaviyoQueries.LocalNoOffset(query.End)})",
            ]),
            ["timezone"] = query.TimeZone,
            ["page_size"] = 500,
        };
        if (query.By is { Count: > 0 } by)
        {
            attributes["by"] = Array(by);
        }

        var dates = new List<DateTime>();
        var rows = new List<KlaviyoAggregateRow>();
        await foreach (var page in PostPagesAsync("api/metric-aggregates", "metric-aggregate", KlaviyoBuckets.MetricAggregates, attributes, cancellationToken))
        {
            if (page.DataUtf8.Count == 0 || ReportAnswerReader.Read(page.DataUtf8[0], "dates", "data", "measurements") is not { } result)
            {
                continue;
            }

            if (dates.Count == 0)
            {
                dates.AddRange(ReportDateLabels.Read(result.Labels, DateOnly.FromDateTime(query.Start), query.Interval == "day", "metric-aggregates"));
            }

            rows.AddRange(result.Rows.Select(row => new KlaviyoAggregateRow(row.Dimensions, row.Values)));
        }

        return new KlaviyoMetricAggregate(dates, rows);
    }

    private async Task<KlaviyoValuesReport> QueryValuesAsync(
        string path, string type, string bucket, KlaviyoValuesQuery query, CancellationToken cancellationToken)
    {
        ReportWindows.EnsureAtMostOneYear(query.Timeframe);
        var attributes = ReportAttributes(query.Statistics, query.Timeframe, query.ConversionMetricId, query.GroupBy, query.Filter);
        var rows = new List<KlaviyoValuesRow>();
        await foreach (var page in PostPagesAsync(path, type, bucket, attributes, cancellationToken))
        {
            var results = page.Data.Count > 0 ? page.Data[0].Object("attributes")?.Array("results") ?? [] : [];
            foreach (var row in results)
            {
                var statistics = new Dictionary<string, decimal?>(StringComparer.Ordinal);
                if (row.Object("statistics") is { } values)
                {
                    foreach (var statistic in values.EnumerateObject())
                    {
                        statistics[statistic.Name] = statistic.Value.AsDecimal();
                    }
                }

                rows.Add(new KlaviyoValuesRow(KlaviyoResourceMapper.Groupings(row), statistics));
            }
        }

        return new KlaviyoValuesReport(rows);
    }

    /// <summary>
    /// Reporting POSTs page through <c>links.next</c> when Klaviyo sends one. The same body is re-posted; for
    /// metric aggregates the cursor also goes into <c>attributes.page_cursor</c>, where that endpoint reads it.
    /// </summary>
    private async IAsyncEnumerable<JsonApiDocument> PostPagesAsync(
        string path, string type, string bucket, JsonObject attributes,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var url = transport.Resolve(path);
        var followed = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var body = new JsonObject { ["data"] = new JsonObject { ["type"] = type, ["attributes"] = attributes.DeepClone() } };
            var page = await transport.PostAsync(url, bucket, JsonSerializer.SerializeToElement(body), cancellationToken);
            yield return page;
            if (page.Next is null)
            {
                yield break;
            }

            url = transport.FollowNext(page.Next, followed);
            if (type == "metric-aggregate" && CursorOf(url) is { } cursor)
            {
                attributes["page_cursor"] = cursor;
            }
        }
    }

    private static JsonObject ReportAttributes(
        IReadOnlyList<string> statistics, KlaviyoTimeframe timeframe, string conversionMetricId, IReadOnlyList<string>? groupBy, string? filter)
    {
        var attributes = new JsonObject
        {
            ["statistics"] = Array(statistics),
            ["timeframe"] = new JsonObject
            {
                ["start"] = KlaviyoQueries.WallClock(timeframe.Start),
                ["end"] = KlaviyoQueries.WallClock(timeframe.End),
            },
            ["conversion_metric_id"] = conversionMetricId,
        };
        if (groupBy is { Count: > 0 })
        {
            attributes["group_by"] = Array(groupBy);
        }

        if (!string.IsNullOrWhiteSpace(filter))
        {
            attributes["filter"] = filter;
        }

        return attributes;
    }

    private static JsonArray Array(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)JsonValue.Create(v))];

    private static string? CursorOf(Uri url)
    {
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var name = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2 && name is "page_cursor" or "page[cursor]")
            {
                return Uri.UnescapeDataString(parts[1]);
            }
        }

        return null;
    }
}
