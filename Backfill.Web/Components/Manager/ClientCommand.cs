using Backfill.Services.Backfill;

namespace Backfill.Web.Components.Manager;

/// <summary>A per-row action the grid asks the page to carry out.</summary>
public enum ClientAction
{
    Start,
    QuickCheck,
    Retry,
    Cancel,
    Clear,
    Refresh,
    ClearData,
    History,
    Validate,
    Schedule,
    Edit,
}

/// <summary>A click on a row's action button: which action, on which client's status as shown.</summary>
public sealed record ClientCommand(ClientAction Action, BackfillStatus Status);
