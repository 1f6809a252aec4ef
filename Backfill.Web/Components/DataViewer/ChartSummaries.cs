namespace Backfill.Web.Components.DataViewer;

/// <summary>
/// One sentence per chart for a reader who cannot see it (the drawing is hidden from screen readers): the range, the
/// total where a total means something, and the highest and lowest points. The earliest day wins a tie.
/// </summary>
internal static class ChartSummaries
{
    /// <summary>"Revenue per day (USD), 7 days from 2026-03-09 to 2026-03-15: total USD 742.00; highest USD 195.50 on 2026-03-09; lowest USD 0.00 on 2026-03-11."</summary>
    public static string Daily(string title, IReadOnlyList<(DateOnly Day, decimal Value)> points, Func<decimal, string> format, bool withTotal = true)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(format);
        if (points.Count == 0)
        {
            return $"{title}: no days in the range.";
        }

        var highest = points.MaxBy(p => p.Value);
        var lowest = points.MinBy(p => p.Value);
        var days = points.Count == 1 ? "1 day" : $"{DataFormat.Count(points.Count)} days";
        return $"{title}, {days} from {DataFormat.Date(points[0].Day)} to {DataFormat.Date(points[^1].Day)}: "
            + (withTotal ? $"total {format(points.Sum(p => p.Value))}; " : "")
            + $"highest {format(highest.Value)} on {DataFormat.Date(highest.Day)}; "
            + $"lowest {format(lowest.Value)} on {DataFormat.Date(lowest.Day)}.";
    }

    /// <summary>"Average order value per week (USD), 2 weeks from the week of 2026-03-02 to the week of 2026-03-09: highest USD 50.00 in the week of 2026-03-02; lowest …."</summary>
    public static string Weekly(string title, IReadOnlyList<WeeklyValue> weeks, Func<decimal, string> format)
    {
        ArgumentNullException.ThrowIfNull(weeks);
        ArgumentNullException.ThrowIfNull(format);
        if (weeks.Count == 0)
        {
            return $"{title}: no weeks in the range.";
        }

        var highest = weeks.MaxBy(w => w.Value)!;
        var lowest = weeks.MinBy(w => w.Value)!;
        var count = weeks.Count == 1 ? "1 week" : $"{DataFormat.Count(weeks.Count)} weeks";
        return $"{title}, {count} from the week of {DataFormat.Date(weeks[0].WeekStart)} to the week of {DataFormat.Date(weeks[^1].WeekStart)}: "
            + $"highest {format(highest.Value)} in the week of {DataFormat.Date(highest.WeekStart)}; "
            + $"lowest {format(lowest.Value)} in the week of {DataFormat.Date(lowest.WeekStart)}.";
    }
}
