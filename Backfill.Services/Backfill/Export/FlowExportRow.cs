using Backfill.Services.Backfill.Documents;
using MiniExcelLibs.Attributes;

namespace Backfill.Services.Backfill.Export;

/// <summary>One flow with its statistics over the exported days.</summary>
public sealed class FlowExportRow : MessageExportRow
{
    [ExcelColumn(Name = "flow_id", Width = 12)]
    public required string FlowId { get; init; }

    [ExcelColumn(Name = "name", Width = 36)]
    public required string Name { get; init; }

    [ExcelColumn(Name = "status")]
    public string? Status { get; init; }

    [ExcelColumn(Name = "archived")]
    public bool Archived { get; init; }

    [ExcelColumn(Name = "trigger_type", Width = 16)]
    public string? TriggerType { get; init; }

    [ExcelColumn(Name = "message_count")]
    public int MessageCount { get; init; }

    public static FlowExportRow From(FlowSummary flow, MessageStatistics statistics, DateOnly? from, DateOnly? to, string source)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return new FlowExportRow
        {
            FlowId = flow.Id,
            Name = flow.Name,
            Status = flow.Status,
            Archived = flow.Archived,
            TriggerType = flow.TriggerType,
            MessageCount = flow.MessageCount,
            StatisticsFrom = from,
            StatisticsTo = to,
            StatisticsSource = source,
            Statistics = statistics,
        };
    }
}
