using Backfill.Services.Backfill.Documents;
using Backfill.Services.Klaviyo;

namespace Backfill.Services.Backfill.Engine;

/// <summary>One flow's statistics on one day, with the per-message breakdown.</summary>
internal sealed record FlowDay(MessageStatistics Total, IReadOnlyList<FlowMessageStatistics> Messages);

/// <summary>Daily flow statistics from flow-series reports, one request per 60-day window (Klaviyo's daily maximum).</summary>
internal static class FlowDailyStatistics
{
    public const int MaxWindowDays = 60;

    public static async Task<IReadOnlyDictionary<DateOnly, IReadOnlyDictionary<string, FlowDay>>> FetchWindowAsync(
        IKlaviyoClient client, DateOnly first, DateOnly last, string conversionMetricId, CancellationToken cancellationToken)
    {
        var report = await client.QueryFlowSeriesAsync(
            new KlaviyoSeriesQuery(
                MessageStatistics.ReportStatistics,
                new KlaviyoTimeframe(DayRange.WallClockStart(first), DayRange.WallClockStart(last.AddDays(1))),
                conversionMetricId),
            cancellationToken);

        var cells = new Dictionary<DateOnly, Dictionary<string, List<FlowMessageStatistics>>>();
        foreach (var row in report.Results)
        {
            if (!row.Groupings.TryGetValue("flow_id", out var flowId) || string.IsNullOrEmpty(flowId))
            {
                continue;
            }

            var messageId = row.Groupings.GetValueOrDefault("flow_message_id") ?? "";
            var channel = row.Groupings.GetValueOrDefault("send_channel");
            for (var i = 0; i < report.BucketStarts.Count; i++)
            {
                var statistics = MessageStatistics.FromSeries(row.Statistics, i);
                var day = report.Day(i);
                if (!statistics.HasActivity || day < first || day > last)
                {
                    continue;
                }

                if (!cells.TryGetValue(day, out var flows))
                {
                    cells[day] = flows = new Dictionary<string, List<FlowMessageStatistics>>(StringComparer.Ordinal);
                }

                if (!flows.TryGetValue(flowId, out var messages))
                {
                    flows[flowId] = messages = [];
                }

                messages.Add(new FlowMessageStatistics(messageId, channel, statistics));
            }
        }

        return cells.ToDictionary(
            c => c.Key,
            c => (IReadOnlyDictionary<string, FlowDay>)c.Value.ToDictionary(
                f => f.Key,
                f => new FlowDay(f.Value.Aggregate(MessageStatistics.Zero, (sum, m) => sum.Add(m.Statistics)), f.Value),
                StringComparer.Ordinal));
    }
}
