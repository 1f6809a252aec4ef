using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Export;

/// <summary>
/// One export: what, as which file, and which account-local days (<see cref="From"/> and <see cref="To"/> inclusive;
/// null is open-ended, so both null is everything copied).
/// </summary>
public sealed record ExportRequest(ClientId ClientId, ExportKind Kind, ExportFormat Format, DateOnly? From = null, DateOnly? To = null)
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>The query-string names of the kinds, as the API takes them.</summary>
    public static IReadOnlyDictionary<string, ExportKind> KindNames { get; } = new Dictionary<string, ExportKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["orders"] = ExportKind.Orders,
        ["daily"] = ExportKind.Daily,
        ["campaigns"] = ExportKind.Campaigns,
        ["flows"] = ExportKind.Flows,
    };

    /// <summary>The query-string names of the formats, as the API takes them.</summary>
    public static IReadOnlyDictionary<string, ExportFormat> FormatNames { get; } = new Dictionary<string, ExportFormat>(StringComparer.OrdinalIgnoreCase)
    {
        ["csv"] = ExportFormat.Csv,
        ["xlsx"] = ExportFormat.Xlsx,
    };

    public string KindName => KindNames.First(k => k.Value == Kind).Key;

    public string FormatName => FormatNames.First(f => f.Value == Format).Key;

    public string ContentType => Format == ExportFormat.Xlsx ? XlsxContentType : CsvContentType;

    /// <summary><c>{client}-{kind}[-{from}][-to-{to}].{format}</c>, so two downloads of different ranges never share a name.</summary>
    public string FileName =>
        $"{ClientId.Value}-{KindName}"
        + (From is { } from ? "-" + DataLayout.FormatDate(from) : "")
        + (To is { } to ? "-to-" + DataLayout.FormatDate(to) : "")
        + "." + FormatName;

    public bool Includes(DateOnly day) => (From is null || day >= From) && (To is null || day <= To);
}
