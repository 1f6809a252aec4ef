namespace Backfill.Services.Backfill;

/// <summary>
/// What to backfill: <see cref="Years"/> (1–10) ending yesterday, or <see cref="Days"/> (1–3660) for a short run such
/// as the 7-day quick check. Exactly one of them is set once validated; neither means one year.
/// </summary>
public sealed record BackfillRequest(int? Years = null, int? Days = null, bool IncludeOrders = true)
{
    public const int MinYears = 1;
    public const int MaxYears = 10;
    public const int MinDays = 1;
    public const int MaxDays = 3660;
    public const int QuickCheckDays = 7;

    public static BackfillRequest QuickCheck { get; } = new(Days: QuickCheckDays);

    /// <summary>Field name (as in the API) → problems; empty when valid.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Years is { } years && years is < MinYears or > MaxYears)
        {
            errors["years"] = [$"years must be a whole number from {MinYears} to {MaxYears}"];
        }

        if (Days is { } days && days is < MinDays or > MaxDays)
        {
            errors["days"] = [$"days must be a whole number from {MinDays} to {MaxDays}"];
        }

        if (Years is not null && Days is not null)
        {
            errors["days"] = ["give either years or days, not both"];
        }

        return errors;
    }

    /// <summary>The days the run covers, ending at <paramref name="yesterday"/> (inclusive).</summary>
    public (DateOnly Start, DateOnly End) RangeEndingAt(DateOnly yesterday) =>
        Days is { } days
            ? (yesterday.AddDays(1 - days), yesterday)
            : (yesterday.AddYears(-(Years ?? 1)).AddDays(1), yesterday);
}
