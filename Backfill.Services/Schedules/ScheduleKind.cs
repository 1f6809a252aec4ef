namespace Backfill.Services.Schedules;

/// <summary>What a schedule starts: a refresh (re-read the recent days) or a backfill (the default one-year run).</summary>
public enum ScheduleKind
{
    Refresh,
    Backfill,
}

public static class ScheduleKinds
{
    /// <summary>The names used in the API and the store.</summary>
    public static IReadOnlyList<string> WireNames { get; } = ["refresh", "backfill"];

    public static string ToWire(this ScheduleKind kind) => kind switch
    {
        ScheduleKind.Refresh => "refresh",
        ScheduleKind.Backfill => "backfill",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The kind named exactly (lowercase), or null.</summary>
    public static ScheduleKind? FromWire(string? value) => value switch
    {
        "refresh" => ScheduleKind.Refresh,
        "backfill" => ScheduleKind.Backfill,
        _ => null,
    };
}
