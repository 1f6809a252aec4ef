namespace Backfill.Services.Backfill.Validation;

/// <summary>What the latest validations found over a client's days: how many were checked, which differ, and when.</summary>
public sealed record ValidationSummary(int CheckedDays, IReadOnlyList<DayCheck> Mismatched, DateTimeOffset? ValidatedAt)
{
    public static ValidationSummary None { get; } = new(0, [], null);
}
