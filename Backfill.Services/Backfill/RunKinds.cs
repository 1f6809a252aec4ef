namespace Backfill.Services.Backfill;

/// <summary>Wire names of <see cref="RunKind"/> (snake_case, as in the API and the store).</summary>
public static class RunKinds
{
    public static string ToWire(this RunKind kind) => kind switch
    {
        RunKind.QuickCheck => "quick_check",
        RunKind.Refresh => "refresh",
        RunKind.Resync => "resync",
        _ => "backfill",
    };

    public static RunKind FromWire(string? value) => value switch
    {
        "quick_check" => RunKind.QuickCheck,
        "refresh" => RunKind.Refresh,
        "resync" => RunKind.Resync,
        _ => RunKind.Backfill,
    };
}
