using System.ComponentModel.DataAnnotations;

namespace Backfill.Services.Backfill.Leases;

/// <summary>Run leases that let several app instances share one store (configuration section <c>Backfill:Leases</c>).</summary>
public sealed class LeaseOptions
{
    public const string SectionName = "Backfill:Leases";

    /// <summary>
    /// How long a run's lease lasts without renewal; another instance takes the run over only after this. Renewed at
    /// every checkpoint and otherwise every third of it. Default 60 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:03", "01:00:00")]
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often an instance looks at the store: commands for the runs it holds (cancel from another instance), runs it
    /// can claim (queued, or whose lease expired), and progress of runs held elsewhere (for its dashboard). Default 2 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
