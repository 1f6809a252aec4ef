namespace Backfill.Services.Backfill;

/// <summary>What a run is for; each is recorded in the run history under its wire name.</summary>
public enum RunKind
{
    /// <summary>Years or days ending yesterday (Start, start-all).</summary>
    Backfill,

    /// <summary>The last 7 days, to prove a client works.</summary>
    QuickCheck,

    /// <summary>From the end of coverage minus a lookback through yesterday (or today), made equal to Klaviyo.</summary>
    Refresh,

    /// <summary>Exactly the days asked for (e.g. those validation found different), re-read.</summary>
    Resync,
}
