namespace Backfill.Web.Components.Manager.Triage;

/// <summary>Orders of the grid, each putting what needs attention first.</summary>
public enum TriageSort
{
    /// <summary>Failed, then running and waiting, then stale, then the rest; by name within each.</summary>
    Status,

    /// <summary>Most days between coverage end and yesterday first (never copied first of all).</summary>
    DaysBehind,

    /// <summary>Longest since a completed run first (never completed first).</summary>
    LastSuccess,

    /// <summary>Most orders first.</summary>
    Orders,

    /// <summary>Most revenue (main currency) first.</summary>
    Revenue,

    Name,
}
