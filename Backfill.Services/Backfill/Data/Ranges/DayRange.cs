namespace Backfill.Services.Backfill.Data.Ranges;

/// <summary>An inclusive range of account-local days.</summary>
public readonly record struct DayRange(DateOnly From, DateOnly To)
{
    /// <summary>The longest range a request may ask for (ten years and change).</summary>
    public const int MaxDays = 3700;

    public int Days => To.DayNumber - From.DayNumber + 1;

    public bool Contains(DateOnly day) => day >= From && day <= To;

    /// <summary>The range of equal length that ends the day before this one starts.</summary>
    public DayRange Previous() => new(From.AddDays(-Days), From.AddDays(-1));

    /// <summary>The same calendar days a year earlier (29 February falls back to the 28th).</summary>
    public DayRange YearEarlier() => new(From.AddYears(-1), To.AddYears(-1));

    /// <summary>Whether the copy's coverage holds every day of this range.</summary>
    public bool CoveredBy(DateOnly? first, DateOnly? last) => first is { } f && last is { } l && f <= From && To <= l;

    public override string ToString() => $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}";
}
