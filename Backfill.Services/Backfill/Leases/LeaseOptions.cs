using System.ComponentModel.DataAnnotations;

namespace Backfill.Services.Backfill.Leases;

/// <summary>Run leases that let several app instances share one store (configuration section <c>Backfill:Leases</c>).</summary>
public sealed class LeaseOptions
{
    public const string SectionName = "Backfill:Leases";

    /// <summary>
    /// How long a run's lease lasts without renewal; another instance takes the run over only after this. Renewed at
    /// every checkpoint and otherwise once a quarter of it has passed (a failed renewal is retried about every twelfth of it, at
    /// most once a second, until it expires). Default 60 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:03", "01:00:00")]
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often an instance looks at the store: commands for the runs it holds (cancel from another instance), runs it
    /// can claim (queued, or whose lease expired), and progress of runs held elsewhere (for its dashboard). Default 2 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often an instance reads every status it shows but does not hold, whatever the poll found. The poll reads the
    /// statuses whose <c>updated_at</c> is recent, and a write whose commit was slow (its <c>updated_at</c> is set before it
    /// is sent) can land behind that mark; this look catches it (the end of a run shown as active is read directly at
    /// every poll, so what this catches late is only a start). One read per client: 500 clients every 2 minutes is
    /// 360,000 reads a day per instance. Default 2 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often an instance looks for client registrations added or edited on other instances (key, Placed Order
    /// metric, refresh lookback, name) and takes them in. One query for the clients whose <c>updated_at</c> is recent:
    /// a read a time when nothing changed, 8,640 reads a day per instance at the default. A run also reads its client's
    /// registration when it takes the lease, so it always starts with the one stored then. Default 10 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ClientReloadInterval { get; set; } = TimeSpan.FromSeconds(10);
}
