using Backfill.Services.Backfill.Coverage;
using Backfill.Services.Klaviyo;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Documents;

/// <summary><c>campaigns/{campaign_id}</c>: Klaviyo's attributes of the campaign and its statistics over the backfilled range.</summary>
public static class CampaignDocument
{
    public static IReadOnlyDictionary<string, object?> ToFields(
        KlaviyoCampaign campaign, MessageStatistics statistics, DateOnly rangeStart, DateOnly rangeEnd, string conversionMetricId, DateTimeOffset backfilledAt)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(statistics);
        return new Dictionary<string, object?>
        {
            ["id"] = campaign.Id,
            ["name"] = campaign.Name,
            ["status"] = campaign.Status,
            ["channel"] = campaign.Channel,
            ["archived"] = campaign.Archived,
            ["created_at"] = campaign.CreatedAt,
            ["updated_at"] = campaign.UpdatedAt,
            ["scheduled_at"] = campaign.ScheduledAt,
            ["send_time"] = campaign.SendTime,
            ["audiences"] = new Dictionary<string, object?>
            {
                ["included"] = campaign.Audiences?.Included ?? [],
                ["excluded"] = campaign.Audiences?.Excluded ?? [],
            },
            ["messages"] = campaign.Messages.Select(m => new Dictionary<string, object?>
            {
                ["id"] = m.Id,
                ["channel"] = m.Channel,
                ["label"] = m.Label,
                ["subject"] = m.Subject,
                ["preview_text"] = m.PreviewText,
                ["from_email"] = m.FromEmail,
                ["from_label"] = m.FromLabel,
                ["send_times"] = m.SendTimes,
            }).ToList(),
            ["statistics"] = statistics.ToFields(),
            ["statistics_range"] = Range(rangeStart, rangeEnd),
            ["conversion_metric_id"] = conversionMetricId,
            ["backfilled_at"] = backfilledAt,
        };
    }

    /// <summary>The fields a run that did not re-list the campaign owns: its statistics, never Klaviyo's attributes.</summary>
    public static IReadOnlyList<FieldPath> StatisticsFieldPaths { get; } =
        [FieldPath.Of("statistics"), FieldPath.Of("statistics_range"), FieldPath.Of("conversion_metric_id"), FieldPath.Of("backfilled_at")];

    /// <summary>The statistics fields alone, merged into a stored campaign that Klaviyo did not list again this run.</summary>
    public static IReadOnlyDictionary<string, object?> StatisticsFields(
        MessageStatistics statistics, DateOnly rangeStart, DateOnly rangeEnd, string conversionMetricId, DateTimeOffset backfilledAt)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return new Dictionary<string, object?>
        {
            ["statistics"] = statistics.ToFields(),
            ["statistics_range"] = Range(rangeStart, rangeEnd),
            ["conversion_metric_id"] = conversionMetricId,
            ["backfilled_at"] = backfilledAt,
        };
    }

    /// <summary>
    /// The stored campaign as a catalog entry: enough to name daily documents and map message ids to it (name, channel,
    /// message ids and channels), never written back as Klaviyo's attributes.
    /// </summary>
    public static KlaviyoCampaign ToCatalogEntry(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var f = document.Fields;
        var messages = f.Maps("messages")
            .Select(m => new KlaviyoCampaignMessage(m.String("id") ?? "", m.String("channel"), m.String("label"), null, null, null, null, null, []))
            .Where(m => m.Id.Length > 0)
            .ToList();
        return new KlaviyoCampaign(
            document.Id, f.String("name") ?? "", f.String("status"), f.String("channel") ?? "", f.Bool("archived"),
            f.Time("created_at"), f.Time("updated_at"), f.Time("scheduled_at"), f.Time("send_time"), messages);
    }

    public static CampaignSummary FromDocument(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var f = document.Fields;
        return new CampaignSummary(
            document.Id, f.String("name") ?? document.Id, f.String("status"), f.String("channel"), f.Bool("archived"),
            f.Time("send_time"), MessageStatistics.FromFields(f.Map("statistics")))
        {
            StatisticsRange = ReadRange(f.Map("statistics_range")),
        };
    }

    /// <summary>The days <c>statistics</c> covers, when the document says.</summary>
    internal static DaySpan? ReadRange(IReadOnlyDictionary<string, object?> range) =>
        range.Date("start_date") is { } first && range.Date("end_date") is { } last && first <= last ? new DaySpan(first, last) : null;

    internal static Dictionary<string, object?> Range(DateOnly start, DateOnly end) => new()
    {
        ["start_date"] = DataLayout.FormatDate(start),
        ["end_date"] = DataLayout.FormatDate(end),
    };
}

/// <summary>A campaign as the data viewer lists it.</summary>
public sealed record CampaignSummary(
    string Id, string Name, string? Status, string? Channel, bool Archived, DateTimeOffset? SendTime, MessageStatistics Statistics)
{
    /// <summary>The days <see cref="Statistics"/> covers (the run that wrote it), when recorded.</summary>
    public DaySpan? StatisticsRange { get; init; }
}
