using Backfill.Services.Storage;

namespace Backfill.Services.Quota;

/// <summary>Where the ledger lives: <c>reporting_quota/{client_id}/days/{yyyy-MM-dd}</c> (UTC days).</summary>
public static class ReportingQuotaLayout
{
    public static readonly CollectionPath Root = CollectionPath.Of("reporting_quota");

    public static DocumentPath Day(ClientId client, DateOnly utcDate) =>
        Root.Document(client.Value).Collection("days").Document(DataLayout.FormatDate(utcDate));
}
