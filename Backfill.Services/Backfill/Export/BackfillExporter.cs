using System.Runtime.CompilerServices;
using Backfill.Services.Backfill.Data;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Export;

/// <summary>
/// A client's backfilled data as a file: orders, the daily summary, campaigns or flows, as CSV or xlsx. Rows are read
/// day by day and written as they are read, so a year of orders takes the memory of one day's, never of the year's.
/// </summary>
public sealed class BackfillExporter(BackfillDataQueries queries)
{
    /// <summary>Statistics from Klaviyo's report over the whole range, as the campaign or flow document holds them.</summary>
    public const string RangeReport = "range_report";

    /// <summary>Statistics added up from the days exported (unique counts are then sums of each day's).</summary>
    public const string DailySum = "daily_sum";

    /// <summary>Writes the export to <paramref name="destination"/>; returns the number of rows (the header not counted).</summary>
    public async Task<long> WriteAsync(ExportRequest request, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(destination);
        if (request.From > request.To)
        {
            throw new ArgumentException("from must not be after to", nameof(request));
        }

        // One small document per backfilled day: the plan of what to read, not the data itself.
        var rollups = (await queries.GetDailyRollupsAsync(request.ClientId, cancellationToken)).OrderBy(r => r.Date).ToList();
        var days = rollups.Where(r => request.Includes(r.Date)).ToList();
        return request.Kind switch
        {
            ExportKind.Orders => await WriteAsync(OrdersAsync(request.ClientId, days, cancellationToken), request, destination, cancellationToken),
            ExportKind.Daily => await WriteAsync(days.SelectMany(DailyExportRow.From).ToAsyncEnumerable(), request, destination, cancellationToken),
            ExportKind.Campaigns => await WriteAsync(CampaignsAsync(request.ClientId, rollups, days, cancellationToken), request, destination, cancellationToken),
            ExportKind.Flows => await WriteAsync(FlowsAsync(request.ClientId, rollups, days, cancellationToken), request, destination, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Kind, "unknown export kind"),
        };
    }

    private static Task<long> WriteAsync<TRow>(IAsyncEnumerable<TRow> rows, ExportRequest request, Stream destination, CancellationToken cancellationToken) =>
        request.Format == ExportFormat.Xlsx
            ? XlsxExportWriter.WriteAsync(rows, request.KindName, destination, cancellationToken)
            : CsvExportWriter.WriteAsync(rows, destination, cancellationToken);

    private async IAsyncEnumerable<OrderExportRow> OrdersAsync(
        ClientId clientId, IReadOnlyList<DailyRollup> days, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var day in days.Where(d => d.Orders > 0))
        {
            await foreach (var stored in queries.GetDayOrdersAsync(clientId, day.Date, cancellationToken))
            {
                yield return OrderExportRow.From(stored);
            }
        }
    }

    private async IAsyncEnumerable<CampaignExportRow> CampaignsAsync(
        ClientId clientId, IReadOnlyList<DailyRollup> rollups, IReadOnlyList<DailyRollup> days, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Dictionary<string, MessageStatistics>? sums = null;
        foreach (var campaign in (await queries.GetCampaignsAsync(clientId, cancellationToken)).OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            if (campaign.StatisticsRange is { } range && SameDays(range, rollups, days))
            {
                yield return CampaignExportRow.From(campaign, campaign.Statistics, range.First, range.Last, RangeReport);
                continue;
            }

            sums ??= await SumAsync(days, day => queries.GetDayCampaignStatisticsAsync(clientId, day, cancellationToken));
            yield return CampaignExportRow.From(
                campaign, sums.GetValueOrDefault(campaign.Id) ?? MessageStatistics.Zero, First(days), Last(days), DailySum);
        }
    }

    private async IAsyncEnumerable<FlowExportRow> FlowsAsync(
        ClientId clientId, IReadOnlyList<DailyRollup> rollups, IReadOnlyList<DailyRollup> days, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Dictionary<string, MessageStatistics>? sums = null;
        foreach (var flow in (await queries.GetFlowsAsync(clientId, cancellationToken)).OrderBy(f => f.Id, StringComparer.Ordinal))
        {
            if (flow.StatisticsRange is { } range && SameDays(range, rollups, days))
            {
                yield return FlowExportRow.From(flow, flow.Statistics, range.First, range.Last, RangeReport);
                continue;
            }

            sums ??= await SumAsync(days, day => queries.GetDayFlowStatisticsAsync(clientId, day, cancellationToken));
            yield return FlowExportRow.From(
                flow, sums.GetValueOrDefault(flow.Id) ?? MessageStatistics.Zero, First(days), Last(days), DailySum);
        }
    }

    /// <summary>
    /// Whether the exported days are exactly the backfilled days of the document's statistics range: then Klaviyo's
    /// report over that range is the answer (and what the viewer shows), with unique counts that are truly unique.
    /// </summary>
    private static bool SameDays(Coverage.DaySpan range, IReadOnlyList<DailyRollup> rollups, IReadOnlyList<DailyRollup> days) =>
        days.Count > 0 && days.All(d => range.Contains(d.Date)) && days.Count == rollups.Count(r => range.Contains(r.Date));

    private static DateOnly? First(IReadOnlyList<DailyRollup> days) => days.Count > 0 ? days[0].Date : null;

    private static DateOnly? Last(IReadOnlyList<DailyRollup> days) => days.Count > 0 ? days[^1].Date : null;

    private static async Task<Dictionary<string, MessageStatistics>> SumAsync(
        IReadOnlyList<DailyRollup> days, Func<DateOnly, IAsyncEnumerable<(string Id, MessageStatistics Statistics)>> read)
    {
        var sums = new Dictionary<string, MessageStatistics>(StringComparer.Ordinal);
        foreach (var day in days)
        {
            await foreach (var (id, statistics) in read(day.Date))
            {
                sums[id] = sums.TryGetValue(id, out var sum) ? sum.Add(statistics) : statistics;
            }
        }

        return sums;
    }
}
