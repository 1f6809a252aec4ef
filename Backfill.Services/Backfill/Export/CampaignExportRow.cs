using Backfill.Services.Backfill.Documents;
using MiniExcelLibs.Attributes;

namespace Backfill.Services.Backfill.Export;

/// <summary>One campaign with its statistics over the exported days.</summary>
public sealed class CampaignExportRow : MessageExportRow
{
    [ExcelColumn(Name = "campaign_id", Width = 28)]
    public required string CampaignId { get; init; }

    [ExcelColumn(Name = "name", Width = 36)]
    public required string Name { get; init; }

    [ExcelColumn(Name = "status")]
    public string? Status { get; init; }

    [ExcelColumn(Name = "channel")]
    public string? Channel { get; init; }

    [ExcelColumn(Name = "archived")]
    public bool Archived { get; init; }

    [ExcelColumn(Name = "send_time_utc", Format = ExportFormats.DateTime, Width = 20)]
    public DateTime? SendTimeUtc { get; init; }

    public static CampaignExportRow From(CampaignSummary campaign, MessageStatistics statistics, DateOnly? from, DateOnly? to, string source)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return new CampaignExportRow
        {
            CampaignId = campaign.Id,
            Name = campaign.Name,
            Status = campaign.Status,
            Channel = campaign.Channel,
            Archived = campaign.Archived,
            SendTimeUtc = campaign.SendTime?.UtcDateTime,
            StatisticsFrom = from,
            StatisticsTo = to,
            StatisticsSource = source,
            Statistics = statistics,
        };
    }
}
