using Backfill.Services.Quota;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Backfill.Resilience;

/// <summary>
/// What the coordinator needs to keep runs moving by themselves: the reporting-quota ledger, automatic retries, the
/// start-up load's backoff and the readiness it reports. One dependency, so the coordinator's constructor changes once.
/// </summary>
internal sealed class BackfillRunPolicy(
    ReportingQuotaLedger ledger,
    CoordinatorReadiness readiness,
    IOptions<AutoRetryOptions> autoRetry,
    IOptions<StartupLoadOptions> startupLoad)
{
    public ReportingQuotaLedger Ledger { get; } = ledger;

    public CoordinatorReadiness Readiness { get; } = readiness;

    public AutoRetryOptions AutoRetry { get; } = autoRetry.Value;

    public StartupLoadOptions StartupLoad { get; } = startupLoad.Value;
}
