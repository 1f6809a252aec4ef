namespace Backfill.Services.Backfill.Leases;

/// <summary>What a job needs to write its status under a lease: who we are, how long a lease lasts, the clock, and
/// what to do when a command arrives or the lease is lost (both handled by the coordinator).</summary>
internal sealed record LeaseContext(
    InstanceIdentity Instance,
    LeaseOptions Options,
    TimeProvider Time,
    Action<BackfillJob, string> OnCommand,
    Action<BackfillJob> OnLost);
