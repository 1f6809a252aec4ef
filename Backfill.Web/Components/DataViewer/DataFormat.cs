using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Backfill.Services.Backfill.Data;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Orders;

namespace Backfill.Web.Components.DataViewer;

/// <summary>
/// How the data viewer writes numbers and dates (invariant culture, like the API) and the few derived series its charts
/// show. Pure functions of the query results, so they are tested without rendering.
/// </summary>
internal static class DataFormat
{
    public static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Raw properties are shown, not embedded in HTML or script: keep "é", "&" and "<" readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Count(long value) => value.ToString("N0", Invariant);

    public static string Money(decimal value, string currency) => string.Create(Invariant, $"{currency} {value:N2}");

    public static string Money(decimal? value, string currency) => value is { } v ? Money(v, currency) : "—";

    /// <summary>The raw value for a <c>data-value</c> attribute: what tests compare with the API's JSON numbers.</summary>
    public static string Raw(decimal value) => value.ToString(Invariant);

    public static string Raw(long value) => value.ToString(Invariant);

    public static string Rate(double rate) => string.Create(Invariant, $"{rate * 100:0.0} %");

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", Invariant) ?? "—";

    public static string Range(DateOnly? start, DateOnly? end) =>
        start is null && end is null ? "—" : $"{Date(start)} → {Date(end)}";

    /// <summary>The account's timezone by its IANA id; UTC when unknown (the status has none yet, or the host lacks it).</summary>
    public static TimeZoneInfo TimeZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>"08:27:35" in the account's timezone.</summary>
    public static string LocalTime(DateTimeOffset time, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(time, zone).ToString("HH:mm:ss", Invariant);

    /// <summary>Revenue per currency, the main currency first, then the rest alphabetically.</summary>
    public static IReadOnlyList<KeyValuePair<string, decimal>> RevenueLines(BackfillSummary summary) =>
        [.. summary.RevenueByCurrency
            .OrderBy(p => string.Equals(p.Key, summary.Currency, StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(p => p.Key, StringComparer.Ordinal)];

    /// <summary>"3 orders · USD 195.50 · EUR 40.00" for a day, or "not backfilled" when the day has no rollup.</summary>
    public static string DaySummary(DailyRollup? rollup)
    {
        if (rollup is null)
        {
            return "not backfilled";
        }

        var revenue = rollup.RevenueByCurrency.Where(p => p.Value != 0).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Money(p.Value, p.Key));
        return string.Join(" · ", revenue.Prepend(rollup.Orders == 1 ? "1 order" : $"{Count(rollup.Orders)} orders"));
    }

    /// <summary>The trailing average over <paramref name="window"/> values (fewer at the start of the range).</summary>
    public static IReadOnlyList<double> MovingAverage(IReadOnlyList<double> values, int window = 7)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var result = new double[values.Count];
        var sum = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window)
            {
                sum -= values[i - window];
            }

            result[i] = Math.Round(sum / Math.Min(i + 1, window), 2);
        }

        return result;
    }

    /// <summary>
    /// Average order value per week (weeks start on Monday) in <paramref name="currency"/>: that currency's revenue over
    /// its orders, as the summary computes AOV. Weeks without orders in the currency are left out.
    /// </summary>
    public static IReadOnlyList<WeeklyValue> WeeklyAverageOrderValue(IReadOnlyList<DailyRollup> rollups, string currency)
    {
        ArgumentNullException.ThrowIfNull(rollups);
        return [.. rollups
            .GroupBy(r => WeekStart(r.Date))
            .OrderBy(g => g.Key)
            .Select(g => (Week: g.Key, Revenue: g.Sum(r => r.Revenue(currency)), Orders: g.Sum(r => r.OrdersByCurrency.GetValueOrDefault(currency))))
            .Where(w => w.Orders > 0)
            .Select(w => new WeeklyValue(w.Week, Math.Round(w.Revenue / w.Orders, 2, MidpointRounding.AwayFromZero)))];
    }

    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>The <paramref name="count"/> campaigns or flows that earned the most, highest first; those that earned nothing are left out.</summary>
    public static IReadOnlyList<MessageRow> TopByRevenue(IEnumerable<MessageRow> rows, int count = 10) =>
        [.. rows.Where(r => r.Statistics.ConversionValue > 0)
            .OrderByDescending(r => r.Statistics.ConversionValue)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .Take(count)];

    /// <summary>A chart axis label: long campaign names are cut so the bars keep their room; the full name is in the list below.</summary>
    public static string ShortLabel(string text, int max = 18) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    /// <summary>The raw properties indented for reading; text that is not JSON is shown as it is.</summary>
    public static string PrettyJson(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return "(none)";
        }

        try
        {
            using var document = JsonDocument.Parse(raw);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return raw;
        }
    }

    public static string CustomerName(OrderCustomer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var name = string.Join(' ', new[] { customer.FirstName, customer.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return name.Length > 0 ? name : customer.Email ?? customer.ProfileId ?? "—";
    }

    /// <summary>"Seattle, Washington 98101, United States" from whatever parts are known.</summary>
    public static string Place(OrderCustomer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var regionZip = string.Join(' ', new[] { customer.Region, customer.Zip }.Where(p => !string.IsNullOrWhiteSpace(p)));
        var parts = new[] { customer.City, regionZip, customer.Country }.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return parts.Count > 0 ? string.Join(", ", parts) : "—";
    }

    public static string Utm(OrderUtm utm)
    {
        ArgumentNullException.ThrowIfNull(utm);
        var parts = new[] { utm.Source, utm.Campaign }.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return parts.Count > 0 ? string.Join(" / ", parts) : "—";
    }

    /// <summary>"campaign: Black Friday (email)", naming the campaign or flow when the viewer knows it.</summary>
    public static string Attribution(OrderAttribution? attribution, IReadOnlyDictionary<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (attribution is null)
        {
            return "—";
        }

        var (kind, id) = attribution.Kind == OrderAttributionKind.Flow ? ("flow", attribution.FlowId) : ("campaign", attribution.CampaignId);
        var name = id is null ? "unknown" : names.GetValueOrDefault(id, id);
        return attribution.Channel is { Length: > 0 } channel ? $"{kind}: {name} ({channel})" : $"{kind}: {name}";
    }
}

/// <summary>One week's value, keyed by the week's Monday.</summary>
public sealed record WeeklyValue(DateOnly WeekStart, decimal Value);
