using Backfill.Services.Backfill.Documents;

namespace Backfill.Services.Backfill.Data.Ranges;

/// <summary>
/// One dimension over a range: the days' kept entries summed by key, the ten largest shown and the rest (plus each
/// day's own "other") in <see cref="OtherRevenue"/>, so the rows add up to the range's revenue. An entry that was in
/// a day's top 25 on some days and in its "other" on the rest is understated by those days; the total never is.
/// </summary>
public sealed record RangeBreakdown(string Dimension, IReadOnlyList<BreakdownEntry> Top, decimal OtherRevenue, long OtherOrders)
{
    public const int Shown = 10;

    public decimal Revenue => Top.Sum(e => e.Revenue) + OtherRevenue;

    /// <summary>Days in the range written before breakdowns existed add nothing here (their revenue is missing).</summary>
    public static RangeBreakdown Of(string dimension, DayRange range, IEnumerable<DailyRollup> rollups, int shown = Shown)
    {
        ArgumentNullException.ThrowIfNull(rollups);
        var sums = new Dictionary<string, (string Name, decimal Revenue, long Orders)>(StringComparer.Ordinal);
        decimal otherRevenue = 0;
        long otherOrders = 0;
        foreach (var rollup in rollups)
        {
            if (!range.Contains(rollup.Date) || rollup.Breakdown is not { } breakdown)
            {
                continue;
            }

            var day = breakdown[dimension];
            otherRevenue += day.OtherRevenue;
            otherOrders += day.OtherOrders;
            foreach (var entry in day.Top)
            {
                var sum = sums.GetValueOrDefault(entry.Key);
                sums[entry.Key] = (entry.Name, sum.Revenue + entry.Revenue, sum.Orders + entry.Orders);
            }
        }

        var ranked = sums.Select(p => new BreakdownEntry(p.Key, p.Value.Name, p.Value.Revenue, p.Value.Orders))
            .OrderByDescending(e => e.Revenue).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
        var rest = ranked.Skip(shown).ToList();
        return new RangeBreakdown(dimension, [.. ranked.Take(shown)], otherRevenue + rest.Sum(e => e.Revenue), otherOrders + rest.Sum(e => e.Orders));
    }
}
