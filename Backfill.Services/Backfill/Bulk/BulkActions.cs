namespace Backfill.Services.Backfill.Bulk;

/// <summary>The wire names of <see cref="BulkAction"/> (as in <c>POST /api/backfill/bulk</c>) and the words the manager shows.</summary>
public static class BulkActions
{
    /// <summary>Most clients one bulk command takes (an agency's whole board, with room).</summary>
    public const int MaxClients = 2000;

    public static IReadOnlyDictionary<string, BulkAction> ByWire { get; } = new Dictionary<string, BulkAction>(StringComparer.Ordinal)
    {
        ["start"] = BulkAction.Start,
        ["refresh"] = BulkAction.Refresh,
        ["cancel"] = BulkAction.Cancel,
        ["retry"] = BulkAction.Retry,
        ["validate"] = BulkAction.Validate,
        ["pause_schedule"] = BulkAction.PauseSchedule,
    };

    public static string ToWire(this BulkAction action) => action switch
    {
        BulkAction.Start => "start",
        BulkAction.Refresh => "refresh",
        BulkAction.Cancel => "cancel",
        BulkAction.Retry => "retry",
        BulkAction.Validate => "validate",
        BulkAction.PauseSchedule => "pause_schedule",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>The verb on the manager's buttons and confirmation ("Retry 12 clients").</summary>
    public static string Label(this BulkAction action) => action switch
    {
        BulkAction.PauseSchedule => "Pause schedule",
        _ => action.ToString(),
    };
}
