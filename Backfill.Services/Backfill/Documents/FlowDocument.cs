using Backfill.Services.Backfill.Coverage;
using Backfill.Services.Klaviyo;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Documents;

/// <summary><c>flows/{flow_id}</c>: Klaviyo's attributes of the flow, its messages seen in reports, and its statistics over the range.</summary>
public static class FlowDocument
{
    public static IReadOnlyDictionary<string, object?> ToFields(
        KlaviyoFlow flow,
        MessageStatistics statistics,
        IReadOnlyList<FlowMessageStatistics> messages,
        DateOnly rangeStart,
        DateOnly rangeEnd,
        string conversionMetricId,
        DateTimeOffset backfilledAt)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(messages);
        return new Dictionary<string, object?>
        {
            ["id"] = flow.Id,
            ["name"] = flow.Name,
            ["status"] = flow.Status,
            ["archived"] = flow.Archived,
            ["trigger_type"] = flow.TriggerType,
            ["created"] = flow.Created,
            ["updated"] = flow.Updated,
            ["messages"] = messages.Select(m => m.ToFields()).ToList(),
            ["statistics"] = statistics.ToFields(),
            ["statistics_range"] = CampaignDocument.Range(rangeStart, rangeEnd),
            ["conversion_metric_id"] = conversionMetricId,
            ["backfilled_at"] = backfilledAt,
        };
    }

    /// <summary>The fields a run that did not re-list the flow owns: its statistics and its messages' statistics.</summary>
    public static IReadOnlyList<FieldPath> StatisticsFieldPaths { get; } =
        [FieldPath.Of("messages"), .. CampaignDocument.StatisticsFieldPaths];

    /// <summary>The statistics fields alone, merged into a stored flow that Klaviyo did not list again this run.</summary>
    public static IReadOnlyDictionary<string, object?> StatisticsFields(
        MessageStatistics statistics,
        IReadOnlyList<FlowMessageStatistics> messages,
        DateOnly rangeStart,
        DateOnly rangeEnd,
        string conversionMetricId,
        DateTimeOffset backfilledAt)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var fields = new Dictionary<string, object?>(CampaignDocument.StatisticsFields(statistics, rangeStart, rangeEnd, conversionMetricId, backfilledAt))
        {
            ["messages"] = messages.Select(m => m.ToFields()).ToList(),
        };
        return fields;
    }

    /// <summary>The stored flow as a catalog entry (its id and name name the daily documents).</summary>
    public static KlaviyoFlow ToCatalogEntry(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var f = document.Fields;
        return new KlaviyoFlow(document.Id, f.String("name") ?? "", f.String("status"), f.Bool("archived"), f.String("trigger_type"), f.Time("created"), f.Time("updated"));
    }

    public static FlowSummary FromDocument(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var f = document.Fields;
        return new FlowSummary(
            document.Id, f.String("name") ?? document.Id, f.String("status"), f.Bool("archived"), f.String("trigger_type"),
            f.Maps("messages").Count(), MessageStatistics.FromFields(f.Map("statistics")))
        {
            StatisticsRange = CampaignDocument.ReadRange(f.Map("statistics_range")),
        };
    }
}

/// <summary>One flow message's statistics, keyed by the report's <c>flow_message_id</c> and <c>send_channel</c>.</summary>
public sealed record FlowMessageStatistics(string MessageId, string? Channel, MessageStatistics Statistics)
{
    public IReadOnlyDictionary<string, object?> ToFields() => new Dictionary<string, object?>
    {
        ["id"] = MessageId,
        ["channel"] = Channel,
        ["statistics"] = Statistics.ToFields(),
    };
}

/// <summary>A flow as the data viewer lists it.</summary>
public sealed record FlowSummary(
    string Id, string Name, string? Status, bool Archived, string? TriggerType, int MessageCount, MessageStatistics Statistics)
{
    /// <summary>The days <see cref="Statistics"/> covers (the run that wrote it), when recorded.</summary>
    public DaySpan? StatisticsRange { get; init; }
}
