using System.Globalization;
using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;

namespace Backfill.Services.Alerts.Monitoring;

/// <summary>
/// Yesterday (in the account's timezone) against the 7 days before, from the daily rollups: no orders after a week that
/// averaged more than zero opens an incident, orders again resolve it. Only days the copy's order coverage includes
/// count, so a day not copied yet is never taken for a day without orders.
/// </summary>
internal sealed class ZeroOrdersCheck(IDocumentStore store)
{
    public const int WindowDays = 7;

    public async Task<AlertCondition?> EvaluateAsync(BackfillStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var yesterday = LocalDate(status.TimeZone, now).AddDays(-1);
        var days = Enumerable.Range(0, WindowDays + 1).Select(i => yesterday.AddDays(-i)).Where(status.Coverage.Orders.Contains).ToList();
        if (days.Count == 0 || days[0] != yesterday)
        {
            return null;
        }

        var documents = await store.GetAllAsync([.. days.Select(d => DataLayout.DailyRollup(status.ClientId, d))], cancellationToken);
        var rollups = documents.OfType<Document>().Select(DailyRollup.FromDocument).Where(r => !r.Partial).ToDictionary(r => r.Date);
        if (!rollups.TryGetValue(yesterday, out var last))
        {
            return null;
        }

        var before = rollups.Values.Where(r => r.Date < yesterday).ToList();
        if (last.Orders > 0)
        {
            return AlertCondition.Clear(AlertKind.ZeroOrders, $"{last.Orders} orders on {Format(yesterday)}");
        }

        var average = before.Count == 0 ? 0 : before.Average(r => (double)r.Orders);
        if (average <= 0)
        {
            // Quiet for a week or more (or nothing to compare with): no news either way, an open incident stays.
            return null;
        }

        return AlertCondition.Open(
            AlertKind.ZeroOrders,
            $"No orders on {Format(yesterday)}; the {before.Count} days before averaged {average.ToString("0.#", CultureInfo.InvariantCulture)} a day.",
            "Check the shop's Klaviyo integration (is the Placed Order metric still arriving?).");
    }

    private static DateOnly LocalDate(string? timeZone, DateTimeOffset now)
    {
        var zone = timeZone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
    }

    private static string Format(DateOnly date) => DataLayout.FormatDate(date);
}
