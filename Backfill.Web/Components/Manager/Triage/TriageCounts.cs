namespace Backfill.Web.Components.Manager.Triage;

/// <summary>The numbers of the summary line.</summary>
public sealed record TriageCounts(int Clients, int Running, int Waiting, int Failed, int Stale, int NeverRun)
{
    public int Of(TriageFilter filter) => filter switch
    {
        TriageFilter.All => Clients,
        TriageFilter.Running => Running,
        TriageFilter.Waiting => Waiting,
        TriageFilter.Failed => Failed,
        TriageFilter.Stale => Stale,
        TriageFilter.NeverRun => NeverRun,
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, null),
    };
}
