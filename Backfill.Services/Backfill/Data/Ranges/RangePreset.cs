namespace Backfill.Services.Backfill.Data.Ranges;

/// <summary>The viewer's range presets; each resolves against "today" in the account's timezone.</summary>
public enum RangePreset
{
    Last7Days,
    Last30Days,
    Last90Days,
    MonthToDate,
    YearToDate,
    LastYear,
    AllCoverage,
}

/// <summary>Turns a preset into days.</summary>
public static class RangePresets
{
    public static IReadOnlyList<RangePreset> All { get; } = Enum.GetValues<RangePreset>();

    public static string Label(RangePreset preset) => preset switch
    {
        RangePreset.Last7Days => "Last 7 days",
        RangePreset.Last30Days => "Last 30 days",
        RangePreset.Last90Days => "Last 90 days",
        RangePreset.MonthToDate => "Month to date",
        RangePreset.YearToDate => "Year to date",
        RangePreset.LastYear => "Last year",
        _ => "All coverage",
    };

    /// <summary>
    /// The preset's days. "Last N days" end with the newest covered day when the copy stops before today (a copy
    /// made last week still shows a full week), else today; "last year" is the previous calendar year.
    /// </summary>
    public static DayRange Resolve(RangePreset preset, DateOnly today, DateOnly? coverageFirst, DateOnly? coverageLast)
    {
        var end = coverageLast is { } last && last < today ? last : today;
        return preset switch
        {
            RangePreset.Last7Days => new(end.AddDays(-6), end),
            RangePreset.Last30Days => new(end.AddDays(-29), end),
            RangePreset.Last90Days => new(end.AddDays(-89), end),
            RangePreset.MonthToDate => new(new DateOnly(today.Year, today.Month, 1), today),
            RangePreset.YearToDate => new(new DateOnly(today.Year, 1, 1), today),
            RangePreset.LastYear => new(new DateOnly(today.Year - 1, 1, 1), new DateOnly(today.Year - 1, 12, 31)),
            _ => new(coverageFirst ?? end, coverageLast ?? end),
        };
    }

}
