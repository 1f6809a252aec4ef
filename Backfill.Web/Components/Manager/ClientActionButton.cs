using Backfill.Services.Backfill;

namespace Backfill.Web.Components.Manager;

/// <summary>
/// One row action: its test id prefix, sprite icon, colour, short text (the row button's tooltip, the menu item's label),
/// accessible name for a client, and when it is enabled (the BackfillStates rules; operators only unless <see cref="ForViewers"/>).
/// </summary>
internal sealed record ClientActionButton(
    ClientAction Action, string TestId, string Icon, string Color, string Text, Func<string, string> Label, Func<BackfillStatus, bool> Fits, bool ForViewers = false)
{
    private const string Primary = "mud-primary-text hover:mud-primary-hover";

    /// <summary>Always on the row: the run commands an operator reaches for.</summary>
    public static IReadOnlyList<ClientActionButton> Row { get; } =
    [
        new(ClientAction.Start, "start", ActionIcons.Start, Primary, "Start a backfill", n => $"Start a backfill for {n}", s => s.State.CanStart()),
        new(ClientAction.QuickCheck, "quick", ActionIcons.QuickCheck, Primary, "Quick check: the last 7 days", n => $"Quick check of {n} (last 7 days)", s => s.State.CanStart()),
        new(ClientAction.Refresh, "refresh", ActionIcons.Refresh, Primary, "Refresh: re-read the last days and bring the copy up to yesterday", n => $"Refresh {n}", s => s.State.CanStart()),
        new(ClientAction.Retry, "retry", ActionIcons.Retry, "mud-secondary-text hover:mud-secondary-hover", "Retry from the checkpoint", n => $"Retry the backfill of {n}", s => s.State.CanRetry()),
        new(ClientAction.Cancel, "cancel", ActionIcons.Cancel, "mud-warning-text hover:mud-warning-hover", "Cancel (the checkpoint is kept)", n => $"Cancel the backfill of {n}", s => s.State.CanCancel()),
        new(ClientAction.Clear, "clear", ActionIcons.Clear, "", "Clear the status (the data stays)", n => $"Clear the status of {n}", s => s.State.CanClear()),
    ];

    /// <summary>In the row's "more actions" menu, rendered only while it is open.</summary>
    public static IReadOnlyList<ClientActionButton> Menu { get; } =
    [
        new(ClientAction.History, "history", ActionIcons.History, "", "Run history", n => $"Run history of {n}", _ => true, ForViewers: true),
        new(ClientAction.Schedule, "schedule", ActionIcons.Schedule, "", "Schedule", n => $"Schedule of {n}", _ => true, ForViewers: true),
        new(ClientAction.Validate, "validate", ActionIcons.Validate, "", "Validate the copy against Klaviyo", n => $"Validate the copy of {n} against Klaviyo", s => !s.State.IsActive() && !s.Coverage.Orders.IsEmpty),
        new(ClientAction.Edit, "edit", ActionIcons.Edit, "", "Edit the client (refused while it runs)", n => $"Edit {n}", s => !s.State.IsActive()),
        new(ClientAction.ClearData, "clear-data", ActionIcons.ClearData, "mud-error-text hover:mud-error-hover", "Delete the copied data", n => $"Delete the copied data of {n}", s => !s.State.IsActive() && !s.Coverage.IsEmpty),
    ];

    public string Class { get; } = ClientActions.ButtonClass(Color);

    /// <summary>Never while a command for the client is on its way; operator actions only for operators.</summary>
    public bool Enabled(BackfillStatus status, bool busy, bool canOperate) =>
        ForViewers || (canOperate && !busy && Fits(status));
}
