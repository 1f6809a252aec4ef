using Backfill.Services.Backfill.Documents;
using Backfill.Services.Klaviyo;

namespace Backfill.Services.Backfill.Engine;

/// <summary>
/// Daily campaign statistics from metric aggregates grouped by <c>$attributed_message</c>: one request per metric
/// and year-long window (received, opened, clicked, and Placed Order unless the run counts conversions from the orders
/// it reads), never one per day or per campaign.
/// </summary>
internal sealed class CampaignDailyStatistics
{
    public const int MaxWindowDays = 365;

    /// <summary>Windows shorter than this ask for every metric at once (their answers are small).</summary>
    private const int ConcurrentWindowDays = 32;

    private readonly IReadOnlyList<(KlaviyoMetric Metric, EngagementKind Kind)> _metrics;

    private CampaignDailyStatistics(IReadOnlyList<(KlaviyoMetric, EngagementKind)> metrics) => _metrics = metrics;

    private enum EngagementKind
    {
        Received,
        Opened,
        Clicked,
        Ordered,
    }

    /// <summary>Which of Klaviyo's own engagement metrics the account has (an account without SMS has no "Received SMS").</summary>
    /// <param name="conversionsFromOrders">
    /// True when the run reads every order of its days: conversions are then counted from them
    /// (<see cref="CampaignConversions"/>), and Placed Order is not aggregated.
    /// </param>
    public static async Task<CampaignDailyStatistics> CreateAsync(
        IKlaviyoClient client, KlaviyoMetric placedOrder, bool conversionsFromOrders, CancellationToken cancellationToken)
    {
        var kinds = new Dictionary<string, EngagementKind>(StringComparer.Ordinal)
        {
            ["Received Email"] = EngagementKind.Received,
            ["Received SMS"] = EngagementKind.Received,
            ["Opened Email"] = EngagementKind.Opened,
            ["Clicked Email"] = EngagementKind.Clicked,
            ["Clicked SMS"] = EngagementKind.Clicked,
        };
        var metrics = new List<(KlaviyoMetric, EngagementKind)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var metric in client.GetMetricsAsync(cancellationToken))
        {
            var native = metric.IntegrationKey is null or "klaviyo" || string.Equals(metric.IntegrationName, "Klaviyo", StringComparison.OrdinalIgnoreCase);
            if (native && kinds.TryGetValue(metric.Name, out var kind) && seen.Add(metric.Name))
            {
                metrics.Add((metric, kind));
            }
        }

        if (!conversionsFromOrders)
        {
            metrics.Add((placedOrder, EngagementKind.Ordered));
        }

        return new CampaignDailyStatistics(metrics);
    }

    public async Task<IReadOnlyDictionary<DateOnly, IReadOnlyDictionary<string, MessageStatistics>>> FetchWindowAsync(
        IKlaviyoClient client, MessageCatalog catalog, DateOnly first, DateOnly last, TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        var cells = new Dictionary<DateOnly, Dictionary<string, MessageStatistics>>();

        Task<KlaviyoMetricAggregate> Request((KlaviyoMetric Metric, EngagementKind Kind) m) => client.QueryMetricAggregatesAsync(
            new KlaviyoAggregateQuery(
                m.Metric.Id,
                DayRange.WallClockStart(first),
                DayRange.WallClockStart(last.AddDays(1)),
                timeZone.Id,
                m.Kind == EngagementKind.Ordered ? ["count", "sum_value", "unique"] : ["count", "unique"],
                "day",
                ["$attributed_message"]),
            cancellationToken);

        // A short window's (a refresh's week) are all asked for at once: the client's rate limiter grants them in turn
        // (three a second), so the last one is not also behind the round trips of those before it; WhenAll waits for
        // every one, failed or not. A long window's answers are large (a row per message and day), so one at a time.
        IReadOnlyList<Task<KlaviyoMetricAggregate>>? requests = null;
        if (last.DayNumber - first.DayNumber < ConcurrentWindowDays)
        {
            requests = [.. _metrics.Select(Request)];
            await Task.WhenAll(requests);
        }

        // Read back in metric order, so the sums are always alike.
        for (var m = 0; m < _metrics.Count; m++)
        {
            var kind = _metrics[m].Kind;
            var aggregate = requests is not null ? await requests[m] : await Request(_metrics[m]);
            foreach (var row in aggregate.Rows)
            {
                if (row.Dimensions.Count == 0 || catalog.CampaignFor(row.Dimensions[0]) is not { } campaign)
                {
                    continue;
                }

                for (var i = 0; i < aggregate.BucketStarts.Count; i++)
                {
                    var statistics = Read(kind, row.Measurements, i);
                    var day = aggregate.Day(i);
                    if (!statistics.HasActivity || day < first || day > last)
                    {
                        continue;
                    }

                    if (!cells.TryGetValue(day, out var campaigns))
                    {
                        cells[day] = campaigns = new Dictionary<string, MessageStatistics>(StringComparer.Ordinal);
                    }

                    campaigns[campaign.Id] = campaigns.TryGetValue(campaign.Id, out var sum) ? sum.Add(statistics) : statistics;
                }
            }
        }

        return cells.ToDictionary(c => c.Key, c => (IReadOnlyDictionary<string, MessageStatistics>)c.Value);
    }

    private static MessageStatistics Read(EngagementKind kind, IReadOnlyDictionary<string, IReadOnlyList<decimal?>> measurements, int index)
    {
        decimal Value(string name) => measurements.TryGetValue(name, out var values) && index < values.Count ? values[index] ?? 0 : 0;
        var count = (long)Value("count");
        var unique = (long)Value("unique");
        return kind switch
        {
            EngagementKind.Received => new MessageStatistics(Recipients: count, Delivered: count),
            EngagementKind.Opened => new MessageStatistics(Opens: count, OpensUnique: unique),
            EngagementKind.Clicked => new MessageStatistics(Clicks: count, ClicksUnique: unique),
            _ => new MessageStatistics(Conversions: count, ConversionUniques: unique, ConversionValue: Value("sum_value")),
        };
    }
}
