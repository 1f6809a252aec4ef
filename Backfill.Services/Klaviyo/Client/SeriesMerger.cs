namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// Stitches series windows into one report: bucket starts in order without repeats (a window may include its end
/// day), each grouping's statistics re-aligned to the full list, null where a window had no row for it. Labels are
/// read as local wall-clock starts and checked against their window (<see cref="ReportDateLabels"/>).
/// </summary>
internal sealed class SeriesMerger
{
    private readonly SortedSet<DateTime> _dates = [];
    private readonly Dictionary<string, (IReadOnlyDictionary<string, string?> Groupings, Dictionary<string, Dictionary<DateTime, decimal?>> Values)> _rows =
        new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Adds one page of the answer for <paramref name="window"/>.</summary>
    public void Add(ReportAnswer page, KlaviyoTimeframe window, KlaviyoSeriesInterval interval)
    {
        var dates = ReportDateLabels.Read(page.Labels, DateOnly.FromDateTime(window.Start), interval == KlaviyoSeriesInterval.Daily, "flow-series-reports");
        _dates.UnionWith(dates);

        foreach (var row in page.Rows)
        {
            var groupings = row.Groupings;
            var key = string.Join('\u001f', groupings.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + "=" + g.Value));
            if (!_rows.TryGetValue(key, out var entry))
            {
                entry = (groupings, new Dictionary<string, Dictionary<DateTime, decimal?>>(StringComparer.Ordinal));
                _rows[key] = entry;
                _order.Add(key);
            }

            foreach (var (name, series) in row.Values)
            {
                if (!entry.Values.TryGetValue(name, out var byDate))
                {
                    byDate = [];
                    entry.Values[name] = byDate;
                }

                for (var i = 0; i < Math.Min(series.Count, dates.Count); i++)
                {
                    byDate.TryAdd(dates[i], series[i]);
                }
            }
        }
    }

    public KlaviyoSeriesReport ToReport()
    {
        var dates = _dates.ToList();
        var rows = _order.Select(key =>
        {
            var (groupings, values) = _rows[key];
            var statistics = values.ToDictionary(
                v => v.Key,
                v => (IReadOnlyList<decimal?>)[.. dates.Select(d => v.Value.TryGetValue(d, out var value) ? value : null)],
                StringComparer.Ordinal);
            return new KlaviyoSeriesRow(groupings, statistics);
        }).ToList();
        return new KlaviyoSeriesReport(dates, rows);
    }
}
