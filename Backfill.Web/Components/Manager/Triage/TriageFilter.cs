namespace Backfill.Web.Components.Manager.Triage;

/// <summary>The parts of the summary line; clicking one shows only its clients.</summary>
public enum TriageFilter
{
    All,

    /// <summary>Copying now (in progress).</summary>
    Running,

    /// <summary>Queued, or waiting out a Klaviyo rate limit.</summary>
    Waiting,

    Failed,

    /// <summary>Has copied data, but its coverage ends more than <see cref="TriageOptions.StaleAfterDays"/> before yesterday.</summary>
    Stale,

    /// <summary>Not started and nothing copied.</summary>
    NeverRun,
}
