namespace Backfill.Services.Backfill.Export;

/// <summary>What an export holds: one row per order, per day and currency, per campaign or per flow.</summary>
public enum ExportKind
{
    Orders,
    Daily,
    Campaigns,
    Flows,
}
