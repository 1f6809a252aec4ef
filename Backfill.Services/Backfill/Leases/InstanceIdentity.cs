namespace Backfill.Services.Backfill.Leases;

/// <summary>This app instance's id, the owner named in the leases it holds: <c>Backfill:InstanceId</c>, else host name and process id.</summary>
public sealed class InstanceIdentity(string id)
{
    public string Id { get; } = id;

    /// <summary>
    /// The configured id, or <c>{host}-{pid}</c>: unique per process on one machine and across machines, and new after a
    /// restart, so a restarted process never mistakes its predecessor's leases for its own.
    /// </summary>
    public static InstanceIdentity From(string? configured) =>
        new(string.IsNullOrWhiteSpace(configured) ? $"{Environment.MachineName}-{Environment.ProcessId}" : configured);
}
