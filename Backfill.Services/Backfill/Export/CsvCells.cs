using System.Buffers;
using System.Globalization;

namespace Backfill.Services.Backfill.Export;

/// <summary>
/// CSV cells (RFC 4180) that a spreadsheet opens as data: text that would run as a formula is defused, and a cell that
/// holds a separator, quote or line break is quoted.
/// </summary>
internal static class CsvCells
{
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n;\t");

    /// <summary>One cell of an export row, written by the value's type.</summary>
    public static string Cell(object? value) => value switch
    {
        null => "",
        string text => Text(text),
        ExportList list => List(list.Values ?? []),
        decimal number => number.ToString(CultureInfo.InvariantCulture),
        long number => number.ToString(CultureInfo.InvariantCulture),
        int number => number.ToString(CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        // Every time an export holds is UTC (the column names say so).
        DateTime time => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"An export column of type {value.GetType().Name} has no CSV form"),
    };

    /// <summary>A text cell: defused, then quoted when needed.</summary>
    public static string Text(string? value) => string.IsNullOrEmpty(value) ? "" : Quote(Defuse(value));

    /// <summary>Several values in one cell, separated by ';', each defused (a spreadsheet may split on ';').</summary>
    public static string List(IEnumerable<string> values) => Quote(string.Join(';', values.Select(Defuse)));

    /// <summary>
    /// Customer names, UTM values and discount codes come from shoppers: text a spreadsheet would run as a formula (a
    /// leading <c>= + - @</c>, their full-width forms, tab or carriage return) gets an apostrophe in front.
    /// </summary>
    public static string Defuse(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFF20'
            ? "'" + value
            : value;

    // Quoted also for ';' and tab: spreadsheets in many locales split CSV on those, which would start a new cell.
    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(NeedsQuotes) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
