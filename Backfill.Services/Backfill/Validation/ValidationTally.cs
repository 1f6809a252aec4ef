namespace Backfill.Services.Backfill.Validation;

/// <summary>
/// What one validation found: how many days it checked, how many differ, and the first of those (at most
/// <see cref="MaxListed"/>). Every day's outcome is stored on its rollup as it is checked, so a validation of ten years
/// keeps counts, not a result per day (<see cref="Data.BackfillDataQueries.GetValidationAsync"/> reads them all back).
/// </summary>
public sealed record ValidationTally(int CheckedDays, int MismatchedDays, IReadOnlyList<DayCheck> FirstMismatches)
{
    public const int MaxListed = 100;

    public static ValidationTally None { get; } = new(0, 0, []);

    /// <summary>The tally with one more checked day.</summary>
    internal ValidationTally With(DayCheck check) =>
        check.Match
            ? this with { CheckedDays = CheckedDays + 1 }
            : new ValidationTally(
                CheckedDays + 1, MismatchedDays + 1, FirstMismatches.Count < MaxListed ? [.. FirstMismatches, check] : FirstMismatches);
}
