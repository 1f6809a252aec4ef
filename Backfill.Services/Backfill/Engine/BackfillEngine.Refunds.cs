using Backfill.Services.Backfill.Refunds;
using Backfill.Services.Klaviyo;

namespace Backfill.Services.Backfill.Engine;

internal sealed partial class BackfillEngine
{
    /// <summary>
    /// The Refunded and Cancelled Order events of the run, read before its first day is written: from the range's first
    /// day (a resumed attempt reads them all again, so days written before the stop get theirs) to now, and for a
    /// refresh from <see cref="RefreshOptions.RefundLookbackDays"/> further back, for orders placed before its days.
    /// </summary>
    private async Task<RefundBook> LoadRefundsAsync(
        IKlaviyoClient klaviyo, IBackfillJobProgress job, DayPlan plan, TimeZoneInfo timeZone, DateTimeOffset readAt, CancellationToken cancellationToken)
    {
        job.Update(s => s with { Phase = "reading refunds and cancellations" });
        var lookback = job.Status.Parameters.Kind == RunKind.Refresh ? refreshOptions.Value.RefundLookbackDays : 0;
        return await RefundLoader.LoadAsync(
            klaviyo, DayRange.UtcStart(plan.RangeStart.AddDays(-lookback), timeZone), readAt, timeZone, options.Value.EventSliceParallelism, cancellationToken);
    }
}
