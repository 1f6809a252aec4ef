using Backfill.Services.Backfill.Documents;
using MiniExcelLibs.Attributes;

namespace Backfill.Services.Backfill.Export;

/// <summary>
/// The statistics columns that campaign and flow rows share, after each kind's own columns (reflection lists a type's
/// own properties before its base's, and both formats take the columns in that order).
/// </summary>
public abstract class MessageExportRow
{
    /// <summary>The first day <see cref="Statistics"/> covers; <see cref="StatisticsTo"/> the last.</summary>
    [ExcelColumn(Name = "from", Format = ExportFormats.Date, Width = 12)]
    public DateOnly? StatisticsFrom { get; init; }

    [ExcelColumn(Name = "to", Format = ExportFormats.Date, Width = 12)]
    public DateOnly? StatisticsTo { get; init; }

    /// <summary><c>range_report</c>: Klaviyo's report over the whole range (what the viewer shows); <c>daily_sum</c>: the days added up.</summary>
    [ExcelColumn(Name = "statistics_source", Width = 14)]
    public required string StatisticsSource { get; init; }

    [ExcelColumn(Name = "recipients")]
    public long Recipients => Statistics.Recipients;

    [ExcelColumn(Name = "delivered")]
    public long Delivered => Statistics.Delivered;

    [ExcelColumn(Name = "opens")]
    public long Opens => Statistics.Opens;

    [ExcelColumn(Name = "opens_unique")]
    public long OpensUnique => Statistics.OpensUnique;

    [ExcelColumn(Name = "clicks")]
    public long Clicks => Statistics.Clicks;

    [ExcelColumn(Name = "clicks_unique")]
    public long ClicksUnique => Statistics.ClicksUnique;

    [ExcelColumn(Name = "conversions")]
    public long Conversions => Statistics.Conversions;

    [ExcelColumn(Name = "conversion_uniques")]
    public long ConversionUniques => Statistics.ConversionUniques;

    [ExcelColumn(Name = "conversion_value", Format = ExportFormats.Money, Width = 14)]
    public decimal ConversionValue => Statistics.ConversionValue;

    [ExcelColumn(Name = "unsubscribes")]
    public long Unsubscribes => Statistics.Unsubscribes;

    [ExcelColumn(Name = "bounced")]
    public long Bounced => Statistics.Bounced;

    [ExcelColumn(Name = "spam_complaints")]
    public long SpamComplaints => Statistics.SpamComplaints;

    [ExcelColumn(Name = "open_rate", Format = ExportFormats.Rate)]
    public double OpenRate => Statistics.OpenRate;

    [ExcelColumn(Name = "click_rate", Format = ExportFormats.Rate)]
    public double ClickRate => Statistics.ClickRate;

    [ExcelColumn(Name = "conversion_rate", Format = ExportFormats.Rate)]
    public double ConversionRate => Statistics.ConversionRate;

    [ExcelColumn(Name = "revenue_per_recipient", Format = "0.0000", Width = 14)]
    public decimal RevenuePerRecipient => Statistics.RevenuePerRecipient;

    /// <summary>Not a column: the numbers the columns above show.</summary>
    [ExcelIgnore]
    public required MessageStatistics Statistics { get; init; }
}
