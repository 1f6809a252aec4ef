using System.Diagnostics.CodeAnalysis;
using Cronos;

namespace Backfill.Services.Schedules;

/// <summary>Reads the cron expressions a schedule may hold: five fields (minute hour day-of-month month day-of-week), as crontab writes them.</summary>
public static class ScheduleCron
{
    public const int MaxLength = 200;

    /// <summary>The parsed expression, or the reason it is refused (fit for a 400 naming <c>cron</c>).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out CronExpression? expression, [NotNullWhen(false)] out string? error)
    {
        expression = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "cron is required: five fields, minute hour day-of-month month day-of-week (e.g. \"0 3 * * *\")";
            return false;
        }

        if (text.Length > MaxLength || text.Any(char.IsControl))
        {
            error = $"cron must be one line of at most {MaxLength} characters";
            return false;
        }

        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            error = $"cron needs exactly five fields (minute hour day-of-month month day-of-week); \"{text}\" has {fields.Length}";
            return false;
        }

        try
        {
            expression = CronExpression.Parse(string.Join(' ', fields), CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            error = $"cron \"{text}\" is not a valid expression: {e.Message}";
            return false;
        }

        error = null;
        return true;
    }

    public static CronExpression Parse(string text) =>
        TryParse(text, out var expression, out var error) ? expression : throw new ArgumentException(error, nameof(text));

    /// <summary>The expression as stored: single spaces between the five fields.</summary>
    public static string Normalize(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
