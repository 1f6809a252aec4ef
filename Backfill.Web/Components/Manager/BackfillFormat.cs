using System.Globalization;
using Backfill.Services.Backfill;

namespace Backfill.Web.Components.Manager;

/// <summary>How the manager writes numbers, dates and progress: invariant culture and UTC, so every tab reads the same.</summary>
internal static class BackfillFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string StateText(BackfillState state) => state.ToWire().Replace('_', ' ');

    /// <summary>"day 143 of 365": while active, the day being worked on; otherwise the days done.</summary>
    public static string DayOfTotal(BackfillStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.TotalDays == 0)
        {
            return "no range yet";
        }

        var day = status.State.IsActive() ? Math.Min(status.DaysCompleted + 1, status.TotalDays) : status.DaysCompleted;
        return string.Create(Invariant, $"day {day:N0} of {status.TotalDays:N0}");
    }

    public static string Percent(BackfillStatus status) => string.Create(Invariant, $"{status.Percent:0.0} %");

    /// <summary>"1 year · orders", "7 days · no orders", with "· test" for start-all's test mode.</summary>
    public static string Parameters(BackfillParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var span = parameters.Days is { } days
            ? Plural(days, "day")
            : Plural(parameters.Years ?? 1, "year");
        var orders = parameters.IncludeOrders ? "orders" : "no orders";
        return parameters.TestMode ? $"{span} · {orders} · test" : $"{span} · {orders}";
    }

    /// <summary>Revenue per currency, the account's main currency first, then the rest alphabetically.</summary>
    public static IReadOnlyList<string> Revenue(BackfillStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.RevenueByCurrency
            .OrderBy(pair => string.Equals(pair.Key, status.Currency, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => string.Create(Invariant, $"{pair.Key} {pair.Value:N2}"))
            .ToList();
    }

    public static string Count(long value) => value.ToString("N0", Invariant);

    /// <summary>"covered 2025-12-06 → 2026-12-05, 365 days" (with the gaps' count when there are any), or "nothing copied yet".</summary>
    public static string Coverage(BackfillStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var covered = status.Coverage.Any;
        if (covered.IsEmpty)
        {
            return "nothing copied yet";
        }

        var days = covered.Days == 1 ? "1 day" : $"{Count(covered.Days)} days";
        var gaps = covered.Count > 1 ? $" in {covered.Count} spans" : "";
        return $"covered {Date(covered.First)} → {Date(covered.Last)}, {days}{gaps}";
    }

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", Invariant) ?? "—";

    public static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", Invariant) ?? "—";

    /// <summary>Short form for a table cell; the full timestamp goes in the title attribute.</summary>
    public static string ShortTime(DateTimeOffset? time) => time?.UtcDateTime.ToString("MM-dd HH:mm", Invariant) ?? "—";

    /// <summary>
    /// "14:20 UTC (~12 min)". The remaining time is measured from the snapshot's own <see cref="BackfillStatus.UpdatedAt"/>,
    /// not the server clock, so the text is a pure function of the snapshot.
    /// </summary>
    public static string Eta(BackfillStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.Eta is not { } eta || !status.State.IsActive())
        {
            return "—";
        }

        var at = eta.UtcDateTime.ToString("HH:mm 'UTC'", Invariant);
        return status.UpdatedAt is { } updated && eta > updated ? $"{at} (~{Duration(eta - updated)})" : at;
    }

    public static string Duration(TimeSpan span) => span switch
    {
        { TotalSeconds: < 60 } => string.Create(Invariant, $"{Math.Max(1, (int)span.TotalSeconds)} s"),
        { TotalMinutes: < 60 } => string.Create(Invariant, $"{(int)span.TotalMinutes} min"),
        { TotalHours: < 48 } => string.Create(Invariant, $"{(int)span.TotalHours} h {span.Minutes} min"),
        _ => string.Create(Invariant, $"{(int)span.TotalDays} d {span.Hours} h"),
    };

    /// <summary>"12 clients · 2 running · 8 completed · 1 failed": only the counts that are not zero.</summary>
    public static string Summary(IReadOnlyList<BackfillStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var parts = new List<string> { Plural(statuses.Count, "client") };
        (int Count, string Label)[] counts =
        [
            (statuses.Count(s => s.State.IsActive()), "running"),
            (statuses.Count(s => s.State == BackfillState.Completed), "completed"),
            (statuses.Count(s => s.State == BackfillState.Failed), "failed"),
            (statuses.Count(s => s.State == BackfillState.Cancelled), "cancelled"),
        ];
        parts.AddRange(counts.Where(c => c.Count > 0).Select(c => string.Create(Invariant, $"{c.Count} {c.Label}")));
        return string.Join(" · ", parts);
    }

    /// <summary>The snackbar text for a run that just completed or failed.</summary>
    public static string Finished(BackfillStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.State == BackfillState.Completed
            ? string.Create(Invariant, $"{status.ClientName}: backfill completed ({Count(status.Orders)} orders, {status.TotalDays} days)")
            : $"{status.ClientName}: backfill failed — {status.Error ?? "no reason given"}";
    }

    private static string Plural(int value, string unit) =>
        string.Create(Invariant, $"{value} {unit}{(value == 1 ? "" : "s")}");
}
