using Backfill.Services.Backfill;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Quota;

/// <summary>One client's reporting budget today, and what its queued or waiting run still needs.</summary>
public sealed record ClientReportingQuota(ReportingQuotaDay Day, int? RunNeeds);

/// <summary>
/// Today's reporting budget of every client, for <c>GET /api/quota</c> and the manager: used/budget from the ledger,
/// and for each active run the reporting calls its plan still needs (the same estimate that parks it).
/// </summary>
public sealed class ReportingQuotaReport(
    ReportingQuotaLedger ledger, IBackfillCoordinator coordinator, TimeProvider timeProvider, IOptions<RefreshOptions> refresh)
{
    public async Task<IReadOnlyList<ClientReportingQuota>> GetAsync(CancellationToken cancellationToken = default)
    {
        var statuses = coordinator.Board.Statuses;
        var days = await ledger.GetAllAsync([.. statuses.Select(s => s.ClientId)], cancellationToken);
        var now = timeProvider.GetUtcNow();
        return [.. statuses.Select((status, i) => new ClientReportingQuota(
            days[i],
            status.State.IsActive() ? ReportingCallPlan.Estimate(status, now, refresh.Value.LookbackDays) : null))];
    }
}
