using Backfill.Services.Backfill.Refunds;
using Backfill.Services.Klaviyo;

namespace Backfill.Services.Backfill.Engine;

internal sealed partial class BackfillEngine
{
    /// <summary>
    /// The Refunded and Cancelled Order events of the run: from the range's first day (a resumed attempt reads them all
    /// again, so days written before the stop get theirs) to now, and for a refresh from
    /// <see cref="RefreshOptions.RefundLookbackDays"/> further back, for orders placed before its days. A window of up to
    /// <see cref="BackfillOptions.WholeRefundWindowDays"/> is read here, before the first day is written; a longer one
    /// as the days advance (<see cref="RefundFeed"/>).
    /// </summary>
    private async Task<RefundFeed> OpenRefundsAsync(
        IKlaviyoClient klaviyo, IBackfillJobProgress job, DayPlan plan, TimeZoneInfo timeZone, DateTimeOffset readAt, CancellationToken cancellationToken)
    {
        job.Update(s => s with { Phase = "reading refunds and cancellations" });
        var lookback = job.Status.Parameters.Kind == RunKind.Refresh ? refreshOptions.Value.RefundLookbackDays : 0;
        return await RefundFeed.OpenAsync(
            klaviyo,
            DayRange.UtcStart(plan.RangeStart.AddDays(-lookback), timeZone),
            readAt,
            timeZone,
            options.Value.WholeRefundWindowDays,
            options.Value.EventSliceParallelism,
            cancellationToken);
    }

    /// <summary>How far a run that reads its refunds as it goes has read them before it takes out <paramref name="day"/>'s.</summary>
    private DateTimeOffset RefundsReadBefore(DateOnly day, TimeZoneInfo timeZone) =>
        DayRange.UtcStart(day.AddDays(1 + options.Value.RefundReadAheadDays), timeZone);
}
