namespace Backfill.Services.Backfill.Export;

/// <summary>The file an export is written as.</summary>
public enum ExportFormat
{
    Csv,
    Xlsx,
}
