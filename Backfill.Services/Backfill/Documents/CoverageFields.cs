using Backfill.Services.Backfill.Coverage;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Documents;

/// <summary>
/// The <c>coverage</c> map of a status: per kind, its spans and (for readers of the raw document) the first and last
/// day and the number of days. Only the spans are read back; the rest is derived.
/// </summary>
public static class CoverageFields
{
    public static IReadOnlyDictionary<string, object?> ToFields(ClientCoverage coverage)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        return new Dictionary<string, object?>
        {
            ["orders"] = Kind(coverage.Orders),
            ["daily_statistics"] = Kind(coverage.DailyStatistics),
            ["totals"] = Kind(coverage.Totals),
        };
    }

    public static ClientCoverage FromFields(IReadOnlyDictionary<string, object?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new ClientCoverage
        {
            Orders = Read(fields.Map("orders")),
            DailyStatistics = Read(fields.Map("daily_statistics")),
            Totals = Read(fields.Map("totals")),
        };
    }

    private static Dictionary<string, object?> Kind(DayRanges ranges) => new()
    {
        ["start"] = Fields.Format(ranges.First),
        ["end"] = Fields.Format(ranges.Last),
        ["days"] = ranges.Days,
        ["ranges"] = ranges.Select(s => (object?)new Dictionary<string, object?>
        {
            ["start"] = DataLayout.FormatDate(s.First),
            ["end"] = DataLayout.FormatDate(s.Last),
        }).ToList(),
    };

    private static DayRanges Read(IReadOnlyDictionary<string, object?> kind) =>
        DayRanges.Of(kind.Maps("ranges")
            .Select(r => (Start: r.Date("start"), End: r.Date("end")))
            .Where(r => r.Start is not null && r.End is not null)
            .Select(r => new DaySpan(r.Start!.Value, r.End!.Value)));
}
