using System.ComponentModel.DataAnnotations;

namespace Backfill.Web.Components.Manager.Triage;

/// <summary>How the manager's summary judges clients (section <c>Backfill</c>, next to the coordinator's settings).</summary>
public sealed class TriageOptions
{
    public const string SectionName = "Backfill";

    /// <summary>
    /// A client is stale when its coverage ends more than this many days before yesterday (default 2: a client whose
    /// copy ends three days before yesterday missed more than a weekend's refreshes).
    /// </summary>
    [Range(0, 365)]
    public int StaleAfterDays { get; set; } = 2;

    /// <summary>Rows per page of the grid (default 50), so hundreds of clients render quickly.</summary>
    [Range(10, 500)]
    public int PageSize { get; set; } = 50;
}
