namespace Backfill.Services.Backfill.Export;

/// <summary>Spreadsheet number formats of the xlsx columns (what a cell shows; the stored value stays exact).</summary>
internal static class ExportFormats
{
    public const string Date = "yyyy-mm-dd";

    public const string DateTime = "yyyy-mm-dd hh:mm:ss";

    public const string Money = "0.00";

    public const string Rate = "0.00%";
}
