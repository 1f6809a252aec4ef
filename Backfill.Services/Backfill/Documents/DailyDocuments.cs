using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Documents;

/// <summary>
/// The per-day documents: <c>daily/campaigns/{date}/{campaign_id}</c>, <c>daily/flows/{date}/{flow_id}</c> (only for
/// campaigns and flows with activity that day) and the day's rollup at <c>daily_rollups/{date}</c>.
/// </summary>
public static class DailyDocuments
{
    public static IReadOnlyDictionary<string, object?> Campaign(DateOnly date, string campaignId, string? name, string? channel, MessageStatistics statistics) =>
        new Dictionary<string, object?>
        {
            ["date"] = DataLayout.FormatDate(date),
            ["campaign_id"] = campaignId,
            ["name"] = name,
            ["channel"] = channel,
            ["statistics"] = (statistics ?? throw new ArgumentNullException(nameof(statistics))).ToFields(),
        };

    public static IReadOnlyDictionary<string, object?> Flow(
        DateOnly date, string flowId, string? name, MessageStatistics statistics, IReadOnlyList<FlowMessageStatistics> messages) =>
        new Dictionary<string, object?>
        {
            ["date"] = DataLayout.FormatDate(date),
            ["flow_id"] = flowId,
            ["name"] = name,
            ["statistics"] = (statistics ?? throw new ArgumentNullException(nameof(statistics))).ToFields(),
            ["messages"] = (messages ?? throw new ArgumentNullException(nameof(messages))).Select(m => m.ToFields()).ToList(),
        };

    public static DailyMessageStatistics ReadStatistics(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new DailyMessageStatistics(
            document.Fields.Date("date") ?? DateOnly.MinValue, MessageStatistics.FromFields(document.Fields.Map("statistics")));
    }
}

/// <summary>One day of one campaign's or flow's statistics.</summary>
public sealed record DailyMessageStatistics(DateOnly Date, MessageStatistics Statistics);
