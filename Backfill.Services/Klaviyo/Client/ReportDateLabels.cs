using System.Globalization;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// Reads the bucket labels of series reports (<c>date_times</c>) and metric aggregates (<c>dates</c>) as local
/// wall-clock starts. Klaviyo computes buckets in a timezone (the account's, or the aggregate's <c>timezone</c>), yet
/// its spec writes them as <c>2024-01-05T00:00:00+00:00</c>: local midnight labelled UTC. Other answers label local
/// midnight with the local offset (<c>-08:00</c>). The label's own date and time, offset dropped, is the local start
/// in both styles; converting it as an instant is right for only one of them (west of UTC it lands a day early), so
/// this never does. Daily labels are also checked against the window's first day plus their index, and a label that
/// disagrees stops the read: a silent one-day shift is the failure this guards against.
/// </summary>
internal static class ReportDateLabels
{
    public static IReadOnlyList<DateTime> Read(IEnumerable<string?> labels, DateOnly firstDay, bool daily, string endpoint)
    {
        var starts = new List<DateTime>();
        foreach (var label in labels)
        {
            var index = starts.Count;
            var start = WallClock(label) ?? throw new KlaviyoReportDatesException(
                endpoint, label, $"Klaviyo's {endpoint} answer has '{label}' as date {index}, which is not a date-time.");
            var expected = firstDay.AddDays(index);
            if (daily && DateOnly.FromDateTime(start) != expected)
            {
                throw new KlaviyoReportDatesException(
                    endpoint,
                    label,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"Klaviyo's {endpoint} answer labels day {index} of a window starting {firstDay:yyyy-MM-dd} '{label}', not {expected:yyyy-MM-dd}; its daily numbers cannot be placed on days safely."));
            }

            starts.Add(start);
        }

        return starts;
    }

    /// <summary>The label's date and time as written, its offset dropped (null when it is not a date-time).</summary>
    public static DateTime? WallClock(string? label) =>
        DateTimeOffset.TryParse(label, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed.DateTime : null;
}
