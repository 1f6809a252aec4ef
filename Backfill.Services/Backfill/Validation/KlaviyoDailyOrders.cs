using Backfill.Services.Backfill.Coverage;
using Backfill.Services.Backfill.Engine;
using Backfill.Services.Klaviyo;

namespace Backfill.Services.Backfill.Validation;

/// <summary>
/// Klaviyo's own count and revenue of Placed Orders per account-local day and currency, from metric aggregates
/// (<c>count</c> and <c>sum_value</c> by day, grouped by <c>$value_currency</c>): one request per year of days, and
/// metric aggregates have no daily cap, unlike the reporting API.
/// </summary>
internal static class KlaviyoDailyOrders
{
    public const int MaxWindowDays = 365;

    /// <summary>The windows the days are asked for in: one aggregate each, at most a year, never across a gap.</summary>
    public static IReadOnlyList<(DateOnly First, DateOnly Last)> Windows(DayRanges days) =>
        [.. days.SelectMany(s => DayRange.Windows(s.First, s.Last, MaxWindowDays))];

    public static async Task<Dictionary<DateOnly, (long Orders, Dictionary<string, decimal> Revenue)>> FetchAsync(
        IKlaviyoClient client, string metricId, TimeZoneInfo timeZone, DayRanges days, CancellationToken cancellationToken)
    {
        var result = new Dictionary<DateOnly, (long Orders, Dictionary<string, decimal> Revenue)>();
        foreach (var (first, last) in Windows(days))
        {
            var aggregate = await client.QueryMetricAggregatesAsync(
                new KlaviyoAggregateQuery(
                    metricId, DayRange.WallClockStart(first), DayRange.WallClockStart(last.AddDays(1)), timeZone.Id, ["count", "sum_value"], "day", ["$value_currency"]),
                cancellationToken);
            for (var i = 0; i < aggregate.BucketStarts.Count; i++)
            {
                var day = aggregate.Day(i);
                if (!days.Contains(day))
                {
                    continue;
                }

                var (orders, revenue) = result.TryGetValue(day, out var existing) ? existing : (0L, new Dictionary<string, decimal>(StringComparer.Ordinal));
                foreach (var row in aggregate.Rows)
                {
                    var count = (long)(row.Measurements.GetValueOrDefault("count")?[i] ?? 0);
                    var sum = row.Measurements.GetValueOrDefault("sum_value")?[i] ?? 0;
                    if (count == 0 && sum == 0)
                    {
                        continue;
                    }

                    var currency = row.Dimensions.Count > 0 && row.Dimensions[0].Length > 0 ? row.Dimensions[0] : "";
                    orders += count;
                    revenue[currency] = revenue.GetValueOrDefault(currency) + sum;
                }

                result[day] = (orders, revenue);
            }
        }

        return result;
    }
}
