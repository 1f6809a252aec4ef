using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Backfill.KlaviyoSandbox;

/// <summary>
/// The Reporting API: campaign values (per message, send-date based), flow values and flow series (per day of
/// sending). Conversions come from the account's own attributed orders, so a backfill can be checked exactly.
/// </summary>
internal static class SandboxReportEndpoints
{
    private static readonly string[] CampaignGroupBy = ["campaign_id", "campaign_message_id", "campaign_message_name", "send_channel"];
    private static readonly string[] CampaignRequired = ["campaign_id", "campaign_message_id"];
    private static readonly string[] CampaignDefault = ["campaign_id", "campaign_message_id", "send_channel"];
    private static readonly string[] FlowGroupBy = ["flow_id", "flow_message_id", "flow_message_name", "flow_name", "send_channel"];
    private static readonly string[] FlowRequired = ["flow_id", "flow_message_id"];
    private static readonly string[] FlowDefault = ["flow_id", "flow_message_id", "send_channel"];
    private static readonly string[] ScalarOps = ["equals", "contains-any"];

    private static readonly Dictionary<string, string[]> CampaignFilters = new(StringComparer.Ordinal)
    {
        ["send_channel"] = ScalarOps,
        ["campaign_id"] = ScalarOps,
        ["campaign_message_id"] = ScalarOps,
        ["campaign_message_name"] = ScalarOps,
    };

    private static readonly Dictionary<string, string[]> FlowFilters = new(StringComparer.Ordinal)
    {
        ["send_channel"] = ScalarOps,
        ["flow_id"] = ScalarOps,
        ["flow_name"] = ScalarOps,
        ["flow_message_id"] = ScalarOps,
        ["flow_message_name"] = ScalarOps,
    };

    public static async Task<IResult> CampaignValuesAsync(HttpContext http, SandboxWorld world)
    {
        var catalog = SandboxGate.Catalog(http);
        var query = new SandboxQuery(http);
        using var body = await SandboxReportRequest.ReadBodyAsync(http);
        var attributes = SandboxReportRequest.Attributes(body, "campaign-values-report");
        var request = SandboxReportRequest.Parse(
            attributes, catalog, world.Time.GetUtcNow(), series: false, CampaignGroupBy, CampaignRequired, CampaignDefault, CampaignFilters);
        var from = catalog.LocalToUtc(request.Start);
        var to = catalog.LocalToUtc(request.End);
        var campaigns = catalog.Campaigns
            .Where(c => c.WasSent && c.SendTime >= from && c.SendTime < to)
            .Where(c => request.Matches("send_channel", c.SendChannel) && request.Matches("campaign_id", c.Id)
                && request.Matches("campaign_message_id", c.Message.Id) && request.Matches("campaign_message_name", c.Message.Label))
            .OrderBy(c => c.SendTime).ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
        var totals = campaigns.ToDictionary(c => c.Index, c =>
        {
            var t = new SandboxReportTotals();
            t.Add(SandboxEngagement.ForCampaign(catalog, c));
            return t;
        });
        if (campaigns.Count > 0 && request.ConversionMetric.Kind == SandboxMetricKind.PlacedOrder)
        {
            var firstDay = catalog.LocalDay(campaigns.Min(c => c.SendTime!.Value).ToUnixTimeSeconds());
            var lastDay = catalog.LocalDay(campaigns.Max(c => c.SendTime!.Value).ToUnixTimeSeconds()).AddDays(6);
            for (var day = firstDay; day <= lastDay && day <= catalog.HistoryEnd; day = day.AddDays(1))
            {
                foreach (var order in SandboxOrders.OfDay(catalog, SandboxGate.Changes(http), day))
                {
                    if (order.AttributionKind == SandboxAttributionKind.Campaign && totals.TryGetValue(order.AttributionIndex, out var t))
                    {
                        t.AddConversion(order);
                    }
                }
            }
        }

        return SandboxResponses.Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("data");
            w.WriteString("type", "campaign-values-report");
            w.WriteStartObject("attributes");
            w.WriteStartArray("results");
            foreach (var c in campaigns)
            {
                w.WriteStartObject();
                w.WriteStartObject("groupings");
                foreach (var g in request.GroupBy)
                {
                    w.WriteString(g, g switch
                    {
                        "campaign_id" => c.Id,
                        "campaign_message_id" => c.Message.Id,
                        "campaign_message_name" => c.Message.Label,
                        _ => c.SendChannel,
                    });
                }
                w.WriteEndObject();
                WriteStatistics(w, request, totals[c.Index]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("relationships");
            SandboxJsonApi.ToMany(w, query.ApiRoot, "campaigns", "campaign-values-reports", "campaign", campaigns.Select(c => c.Id).Distinct());
            w.WriteEndObject();
            w.WriteEndObject();
            WriteLinks(w, query);
            w.WriteEndObject();
        });
    }

    public static Task<IResult> FlowValuesAsync(HttpContext http, SandboxWorld world) => FlowReportAsync(http, world, series: false);

    public static Task<IResult> FlowSeriesAsync(HttpContext http, SandboxWorld world) => FlowReportAsync(http, world, series: true);

    private static async Task<IResult> FlowReportAsync(HttpContext http, SandboxWorld world, bool series)
    {
        var catalog = SandboxGate.Catalog(http);
        var query = new SandboxQuery(http);
        var type = series ? "flow-series-report" : "flow-values-report";
        using var body = await SandboxReportRequest.ReadBodyAsync(http);
        var attributes = SandboxReportRequest.Attributes(body, type);
        var request = SandboxReportRequest.Parse(
            attributes, catalog, world.Time.GetUtcNow(), series, FlowGroupBy, FlowRequired, FlowDefault, FlowFilters);
        var buckets = series ? Buckets(request) : [request.Start];
        var startDay = DateOnly.FromDateTime(request.Start);
        var endDay = DateOnly.FromDateTime(request.End.AddTicks(-1));
        var messages = catalog.FlowMessages
            .Where(m => m.Flow.Status != "draft" && m.Flow.ActiveFrom <= endDay && m.Flow.ActiveUntil >= startDay)
            .Where(m => request.Matches("send_channel", m.SendChannel) && request.Matches("flow_id", m.Flow.Id)
                && request.Matches("flow_name", m.Flow.Name) && request.Matches("flow_message_id", m.Id)
                && request.Matches("flow_message_name", m.Name))
            .OrderBy(m => m.Flow.Id, StringComparer.Ordinal).ThenBy(m => m.Id, StringComparer.Ordinal)
            .ToList();
        var totals = messages.ToDictionary(m => m.GlobalIndex, _ => buckets.Select(_ => new SandboxReportTotals()).ToArray());

        for (var day = startDay; day <= endDay; day = day.AddDays(1))
        {
            var sendLocal = day.ToDateTime(new TimeOnly(12, 0));
            if (sendLocal >= request.Start && sendLocal < request.End)
            {
                var bucket = BucketOf(buckets, sendLocal);
                foreach (var m in messages)
                {
                    totals[m.GlobalIndex][bucket].Add(SandboxEngagement.ForFlowMessage(catalog, m, day));
                }
            }
            if (request.ConversionMetric.Kind != SandboxMetricKind.PlacedOrder)
            {
                continue;
            }
            foreach (var order in SandboxOrders.OfDay(catalog, SandboxGate.Changes(http), day))
            {
                if (order.AttributionKind != SandboxAttributionKind.Flow || !totals.TryGetValue(order.AttributionIndex, out var rows))
                {
                    continue;
                }
                var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(order.Timestamp), catalog.Account.TimeZone).DateTime;
                if (local >= request.Start && local < request.End)
                {
                    rows[BucketOf(buckets, local)].AddConversion(order);
                }
            }
        }

        return SandboxResponses.Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("data");
            w.WriteString("type", type);
            w.WriteStartObject("attributes");
            w.WriteStartArray("results");
            foreach (var m in messages)
            {
                w.WriteStartObject();
                w.WriteStartObject("groupings");
                foreach (var g in request.GroupBy)
                {
                    w.WriteString(g, g switch
                    {
                        "flow_id" => m.Flow.Id,
                        "flow_message_id" => m.Id,
                        "flow_message_name" => m.Name,
                        "flow_name" => m.Flow.Name,
                        _ => m.SendChannel,
                    });
                }
                w.WriteEndObject();
                var rows = totals[m.GlobalIndex];
                if (series)
                {
                    w.WriteStartObject("statistics");
                    foreach (var stat in request.Statistics)
                    {
                        w.WriteStartArray(stat);
                        foreach (var bucket in rows)
                        {
                            bucket.Write(w, stat);
                        }
                        w.WriteEndArray();
                    }
                    w.WriteEndObject();
                }
                else
                {
                    WriteStatistics(w, request, rows[0]);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (series)
            {
                w.WriteStartArray("date_times");
                foreach (var b in buckets)
                {
                    w.WriteStringValue(SandboxDateLabel.Format(catalog.LocalToUtc(b), catalog.Account.TimeZone, world.Options.DateLabels));
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteStartObject("relationships");
            SandboxJsonApi.ToMany(w, query.ApiRoot, "flows", type + "s", "flow", messages.Select(m => m.Flow.Id).Distinct());
            SandboxJsonApi.ToMany(w, query.ApiRoot, "flow-messages", type + "s", "flow-message", messages.Select(m => m.Id));
            w.WriteEndObject();
            w.WriteEndObject();
            WriteLinks(w, query);
            w.WriteEndObject();
        });
    }

    private static void WriteStatistics(Utf8JsonWriter w, SandboxReportRequest request, SandboxReportTotals totals)
    {
        w.WriteStartObject("statistics");
        foreach (var stat in request.Statistics)
        {
            w.WritePropertyName(stat);
            totals.Write(w, stat);
        }
        w.WriteEndObject();
    }

    private static void WriteLinks(Utf8JsonWriter w, SandboxQuery query)
    {
        w.WriteStartObject("links");
        w.WriteString("self", query.SelfLink());
        w.WriteEndObject();
        SandboxJsonApi.Meta(w);
    }

    private static List<DateTime> Buckets(SandboxReportRequest request)
    {
        var list = new List<DateTime>();
        for (var t = request.Start; t < request.End;)
        {
            list.Add(t);
            t = request.Interval switch
            {
                "hourly" => t.AddHours(1),
                "daily" => t.AddDays(1),
                "weekly" => t.AddDays(7),
                _ => t.AddMonths(1),
            };
        }
        return list;
    }

    private static int BucketOf(List<DateTime> buckets, DateTime local)
    {
        var index = buckets.BinarySearch(local);
        return index >= 0 ? index : Math.Max(0, ~index - 1);
    }
}
