using Backfill.Services.Backfill.Coverage;

namespace Backfill.Web.Endpoints.Backfill;

/// <summary>What the copy covers, per kind of data (the status document's <c>coverage</c>).</summary>
internal sealed record CoverageResponse(CoverageKindResponse Orders, CoverageKindResponse DailyStatistics, CoverageKindResponse Totals)
{
    public static CoverageResponse From(ClientCoverage coverage)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        return new(CoverageKindResponse.From(coverage.Orders), CoverageKindResponse.From(coverage.DailyStatistics), CoverageKindResponse.From(coverage.Totals));
    }
}

/// <summary>One kind's covered days: first, last, how many, and the spans (more than one when there are gaps).</summary>
internal sealed record CoverageKindResponse(DateOnly? Start, DateOnly? End, int Days, IReadOnlyList<DaySpanResponse> Ranges)
{
    public static CoverageKindResponse From(DayRanges ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        return new(ranges.First, ranges.Last, ranges.Days, [.. ranges.Select(s => new DaySpanResponse(s.First, s.Last))]);
    }
}

/// <summary>An inclusive span of account-local days.</summary>
internal sealed record DaySpanResponse(DateOnly Start, DateOnly End);
