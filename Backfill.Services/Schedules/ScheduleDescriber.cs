using System.Globalization;

namespace Backfill.Services.Schedules;

/// <summary>
/// A cron expression in words ("every day at 03:00, America/Los_Angeles"). No maintained .NET library for this is
/// served here (CronExpressionDescriptor is not), so this covers the shapes schedules use (daily, weekdays, weekly,
/// monthly, hourly, every N minutes) and says "on cron …" for anything else rather than guessing.
/// </summary>
public static class ScheduleDescriber
{
    private static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    public static string Describe(string cron, string timeZone) => $"{Describe(cron)}, {timeZone}";

    public static string Describe(string cron)
    {
        ArgumentNullException.ThrowIfNull(cron);
        var f = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length != 5)
        {
            return $"on cron \"{cron}\"";
        }

        var (minute, hour, dayOfMonth, month, dayOfWeek) = (f[0], f[1], f[2], f[3], f[4]);
        var when = When(minute, hour);
        var days = Days(dayOfMonth, dayOfWeek);
        var months = Months(month);
        if (when is null || days is null || months is null)
        {
            return $"on cron \"{cron}\"";
        }

        // "every day every hour …" says the day twice.
        return days == "every day" && when.StartsWith("every", StringComparison.Ordinal) ? $"{when}{months}" : $"{days}{months} {when}";
    }

    private static string? When(string minute, string hour)
    {
        if (minute.StartsWith("*/", StringComparison.Ordinal) && hour == "*" && Number(minute[2..], 1, 59) is { } everyMinutes)
        {
            return everyMinutes == 1 ? "every minute" : $"every {everyMinutes} minutes";
        }

        if (minute == "*" && hour == "*")
        {
            return "every minute";
        }

        if (Number(minute, 0, 59) is not { } m)
        {
            return null;
        }

        if (hour == "*")
        {
            return $"every hour at {m:00} minutes past";
        }

        if (hour.StartsWith("*/", StringComparison.Ordinal) && Number(hour[2..], 1, 23) is { } everyHours)
        {
            return $"every {everyHours} hours at {m:00} minutes past";
        }

        if (List(hour, 0, 23) is not { } hours)
        {
            return null;
        }

        return "at " + Join([.. hours.Select(h => $"{h:00}:{m:00}")]);
    }

    private static string? Days(string dayOfMonth, string dayOfWeek)
    {
        if (dayOfMonth == "*" && dayOfWeek == "*")
        {
            return "every day";
        }

        if (dayOfMonth == "*" && dayOfWeek is "1-5" or "MON-FRI")
        {
            return "every weekday (Monday to Friday)";
        }

        if (dayOfMonth == "*" && List(dayOfWeek, 0, 7) is { } weekdays)
        {
            return "every " + Join([.. weekdays.Select(d => DayNames[d % 7]).Distinct()]);
        }

        if (dayOfWeek == "*" && List(dayOfMonth, 1, 31) is { } monthDays)
        {
            return "on day " + Join([.. monthDays.Select(d => d.ToString(CultureInfo.InvariantCulture))]) + " of the month";
        }

        return null;
    }

    private static string? Months(string month)
    {
        if (month == "*")
        {
            return "";
        }

        return List(month, 1, 12) is { } months
            ? " in " + Join([.. months.Select(m => CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(m))])
            : null;
    }

    private static List<int>? List(string field, int min, int max)
    {
        var values = new List<int>();
        foreach (var part in field.Split(','))
        {
            if (Number(part, min, max) is not { } value)
            {
                return null;
            }

            values.Add(value);
        }

        return values;
    }

    private static int? Number(string text, int min, int max) =>
        text.Length is > 0 and <= 2 && text.All(char.IsAsciiDigit) && int.Parse(text, CultureInfo.InvariantCulture) is var n && n >= min && n <= max ? n : null;

    private static string Join(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];
}
