using Backfill.Services.Backfill.Coverage;

namespace Backfill.Services.Backfill.Engine;

/// <summary>
/// The days one attempt of a run writes: from <see cref="ResumeFrom"/> (after the checkpoint) to
/// <see cref="RangeEnd"/>; days after <see cref="Yesterday"/> are today's partial day.
/// </summary>
internal sealed record DayPlan(
    DateOnly RangeStart, DateOnly ResumeFrom, DateOnly RangeEnd, DateOnly Yesterday, DayRanges OrdersCoveredBefore, bool RereadsCopiedDays, DayRanges RunDays)
{
    /// <summary>
    /// Refreshes and re-syncs read days that were copied before (a partial today among them), so they look for orders
    /// Klaviyo has since deleted on every day; a backfill only on days an earlier run covered, so a first backfill
    /// spends no query per day on it.
    /// </summary>
    public bool MayHoldStoredOrders(DateOnly day) => RereadsCopiedDays || OrdersCoveredBefore.Contains(day);
}
