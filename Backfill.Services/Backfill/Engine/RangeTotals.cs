using Backfill.Services.Backfill.Coverage;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Klaviyo;

namespace Backfill.Services.Backfill.Engine;

/// <summary>
/// Campaign and flow totals over the whole range from the values reports, one request per year-long window and
/// report (Klaviyo allows 2 a minute), never one per day.
/// </summary>
internal sealed record RangeTotals(
    IReadOnlyDictionary<string, MessageStatistics> Campaigns,
    IReadOnlyDictionary<string, MessageStatistics> Flows,
    IReadOnlyDictionary<string, IReadOnlyList<FlowMessageStatistics>> FlowMessages)
{
    public const int MaxWindowDays = 365;

    /// <summary>Sums the reports over every span (a copy with gaps is summed span by span, never over the gaps).</summary>
    public static async Task<RangeTotals> FetchAsync(
        IKlaviyoClient client, DayRanges spans, string conversionMetricId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spans);
        IReadOnlyList<(DateOnly First, DateOnly Last)> windows = [.. spans.SelectMany(s => DayRange.Windows(s.First, s.Last, MaxWindowDays))];
        var campaignsTask = SumAsync(windows, w => client.QueryCampaignValuesAsync(Query(w, conversionMetricId), cancellationToken), "campaign_id", null);
        var flowsTask = SumAsync(windows, w => client.QueryFlowValuesAsync(Query(w, conversionMetricId), cancellationToken), "flow_id", "flow_message_id");
        await Task.WhenAll(campaignsTask, flowsTask);
        var (campaigns, _) = await campaignsTask;
        var (flows, flowMessages) = await flowsTask;
        return new RangeTotals(campaigns, flows, flowMessages);
    }

    private static KlaviyoValuesQuery Query((DateOnly First, DateOnly Last) window, string conversionMetricId) =>
        new(MessageStatistics.ReportStatistics,
            new KlaviyoTimeframe(DayRange.WallClockStart(window.First), DayRange.WallClockStart(window.Last.AddDays(1))),
            conversionMetricId);

    private static async Task<(Dictionary<string, MessageStatistics>, Dictionary<string, IReadOnlyList<FlowMessageStatistics>>)> SumAsync(
        IReadOnlyList<(DateOnly First, DateOnly Last)> windows,
        Func<(DateOnly First, DateOnly Last), Task<KlaviyoValuesReport>> fetch,
        string idGrouping,
        string? messageGrouping)
    {
        var totals = new Dictionary<string, MessageStatistics>(StringComparer.Ordinal);
        var messages = new Dictionary<(string Owner, string Message, string? Channel), MessageStatistics>();
        foreach (var window in windows)
        {
            var report = await fetch(window);
            foreach (var row in report.Results)
            {
                if (!row.Groupings.TryGetValue(idGrouping, out var id) || string.IsNullOrEmpty(id))
                {
                    continue;
                }

                var statistics = MessageStatistics.FromReport(row.Statistics);
                totals[id] = totals.TryGetValue(id, out var sum) ? sum.Add(statistics) : statistics;
                if (messageGrouping is not null && row.Groupings.TryGetValue(messageGrouping, out var message) && !string.IsNullOrEmpty(message))
                {
                    var key = (id, message, row.Groupings.GetValueOrDefault("send_channel"));
                    messages[key] = messages.TryGetValue(key, out var m) ? m.Add(statistics) : statistics;
                }
            }
        }

        var byOwner = messages
            .GroupBy(p => p.Key.Owner, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<FlowMessageStatistics>)[.. g.OrderBy(p => p.Key.Message, StringComparer.Ordinal)
                    .Select(p => new FlowMessageStatistics(p.Key.Message, p.Key.Channel, p.Value))],
                StringComparer.Ordinal);
        return (totals, byOwner);
    }
}
