using Backfill.Services.Backfill;

namespace Backfill.Web.Endpoints.Backfill;

/// <summary>The <c>parameters</c> of a status or run: what the run was started with.</summary>
internal sealed record ParametersResponse(
    string Kind, int? Years, int? Days, int? LookbackDays, bool IncludeToday, bool IncludeOrders, bool TestMode, IReadOnlyList<DateOnly>? Dates)
{
    public static ParametersResponse From(BackfillParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Kind.ToWire(), p.Years, p.Days, p.LookbackDays, p.IncludeToday, p.IncludeOrders, p.TestMode, p.Dates);
    }
}
