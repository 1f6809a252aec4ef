namespace Backfill.Services.Backfill;

/// <summary>
/// A refresh: re-read from the end of coverage minus <see cref="LookbackDays"/> (null: the configured
/// <c>Backfill:Refresh:LookbackDays</c>) through yesterday, or through today when <see cref="IncludeToday"/>.
/// </summary>
public sealed record RefreshRequest(int? LookbackDays = null, bool IncludeToday = false)
{
    public const int MinLookbackDays = 1;
    public const int MaxLookbackDays = 90;

    /// <summary>Field name (as in the API) → problems; empty when valid.</summary>
    public IReadOnlyDictionary<string, string[]> Validate() =>
        LookbackDays is { } days && days is < MinLookbackDays or > MaxLookbackDays
            ? new Dictionary<string, string[]> { ["lookback_days"] = [$"lookback_days must be a whole number from {MinLookbackDays} to {MaxLookbackDays}"] }
            : new Dictionary<string, string[]>();
}
