namespace Backfill.Web.Components.DataViewer;

/// <summary>
/// Axis arithmetic for the viewer's own charts: "nice" value ticks (1, 2, 2.5 or 5 × 10ⁿ apart) and evenly spaced date
/// labels, each at most <see cref="MaxTicks"/>, whatever the range — a 7-day chart gets 7 labels, a year gets 8.
/// </summary>
internal static class ChartScale
{
    public const int MaxTicks = 8;

    /// <summary>Ticks from zero to at least <paramref name="max"/>; zero and one more nice step for an all-zero series.</summary>
    public static IReadOnlyList<decimal> ValueTicks(decimal max, int maxTicks = MaxTicks)
    {
        if (max <= 0)
        {
            return [0m, 1m];
        }

        // At most maxTicks - 1 intervals: step ≥ max / (maxTicks - 1), rounded up to a nice number.
        var raw = (double)max / (maxTicks - 1);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw * 0.999999);
        var stepDecimal = (decimal)step;
        var count = (int)Math.Ceiling((double)(max / stepDecimal));
        return [.. Enumerable.Range(0, count + 1).Select(i => i * stepDecimal)];
    }

    /// <summary>Indexes of the points to label: all when few, else evenly spaced including the first.</summary>
    public static IReadOnlyList<int> LabelIndexes(int points, int maxLabels = MaxTicks)
    {
        if (points <= 0)
        {
            return [];
        }

        var every = (int)Math.Ceiling(points / (double)maxLabels);
        return [.. Enumerable.Range(0, points).Where(i => i % every == 0)];
    }

    /// <summary>"USD 12,500", or "USD 2.5" below ten: thousands separators, no cents on an axis.</summary>
    public static string MoneyTick(decimal value, string currency) =>
        currency + " " + value.ToString(value is > 0 and < 10 && value != decimal.Truncate(value) ? "N1" : "N0", DataFormat.Invariant);

    public static string CountTick(decimal value) =>
        value != decimal.Truncate(value) ? value.ToString("N1", DataFormat.Invariant) : value.ToString("N0", DataFormat.Invariant);
}
