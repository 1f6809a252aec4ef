using System.Text.Json;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// Reads a reporting answer's attributes (a metric aggregate's <c>dates</c> and <c>data</c>, a flow series'
/// <c>date_times</c> and <c>results</c>) straight from the resource's bytes, token by token, as
/// <see cref="JsonFields"/> would read them from a parsed element: forgiving (a missing member, a null or a value of
/// the wrong kind reads as empty) and, for a repeated name, the last one counts. Parsed into a <c>JsonDocument</c>
/// first, a year of daily numbers cost 12 bytes of token metadata per two-byte <c>0,</c>: a 30 KB aggregate grew its
/// metadata to 256 KB on the large object heap, and a 10-year run under a 10 MB heap limit ran out of memory there, at
/// the turn of a year.
/// </summary>
internal static class ReportAnswerReader
{
    /// <param name="resource">The answer's primary resource, as its UTF-8 bytes.</param>
    /// <param name="labels">The member listing the bucket labels (<c>dates</c>, <c>date_times</c>).</param>
    /// <param name="rows">The member listing the rows (<c>data</c>, <c>results</c>).</param>
    /// <param name="values">A row's member holding its series by name (<c>measurements</c>, <c>statistics</c>).</param>
    /// <returns>Null when the resource has no <c>attributes</c> object.</returns>
    public static ReportAnswer? Read(byte[] resource, string labels, string rows, string values)
    {
        var reader = new Utf8JsonReader(resource, isFinalBlock: true, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        ReportAnswer? answer = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isAttributes = reader.ValueTextEquals("attributes"u8);
            reader.Read();
            if (!isAttributes)
            {
                reader.Skip();
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                answer = Attributes(ref reader, labels, rows, values);
            }
            else
            {
                reader.Skip();
                answer = null;
            }
        }

        return answer;
    }

    private static ReportAnswer Attributes(ref Utf8JsonReader reader, string labels, string rows, string values)
    {
        IReadOnlyList<string?> labelList = [];
        IReadOnlyList<ReportAnswerRow> rowList = [];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isLabels = reader.ValueTextEquals(labels);
            var isRows = !isLabels && reader.ValueTextEquals(rows);
            reader.Read();
            if (isLabels)
            {
                labelList = Texts(ref reader);
            }
            else if (isRows)
            {
                rowList = Rows(ref reader, values);
            }
            else
            {
                reader.Skip();
            }
        }

        return new ReportAnswer(labelList, rowList);
    }

    private static List<ReportAnswerRow> Rows(ref Utf8JsonReader reader, string values)
    {
        var rows = new List<ReportAnswerRow>();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return rows;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            rows.Add(Row(ref reader, values));
        }

        return rows;
    }

    /// <summary>A row; anything but an object is a row with nothing in it (as a parsed element reads it).</summary>
    private static ReportAnswerRow Row(ref Utf8JsonReader reader, string values)
    {
        IReadOnlyList<string> dimensions = [];
        var groupings = new Dictionary<string, string?>(StringComparer.Ordinal);
        var series = new Dictionary<string, IReadOnlyList<decimal?>>(StringComparer.Ordinal);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return new ReportAnswerRow(dimensions, groupings, series);
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isDimensions = reader.ValueTextEquals("dimensions"u8);
            var isGroupings = !isDimensions && reader.ValueTextEquals("groupings"u8);
            var isValues = !isDimensions && !isGroupings && reader.ValueTextEquals(values);
            reader.Read();
            if (isDimensions)
            {
                dimensions = [.. Texts(ref reader).Select(d => d ?? "")];
            }
            else if (isGroupings)
            {
                groupings = Members(ref reader, static (ref Utf8JsonReader r) => JsonTokens.Text(ref r));
            }
            else if (isValues)
            {
                series = Members(ref reader, static (ref Utf8JsonReader r) => (IReadOnlyList<decimal?>)Numbers(ref r));
            }
            else
            {
                reader.Skip();
            }
        }

        return new ReportAnswerRow(dimensions, groupings, series);
    }

    private delegate T ValueReader<out T>(ref Utf8JsonReader reader);

    /// <summary>An object's members by name (a repeated name: the last counts); anything but an object reads as none.</summary>
    private static Dictionary<string, T> Members<T>(ref Utf8JsonReader reader, ValueReader<T> read)
    {
        var members = new Dictionary<string, T>(StringComparer.Ordinal);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return members;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            members[name] = read(ref reader);
        }

        return members;
    }

    /// <summary>An array's elements, each read by <paramref name="read"/>; anything but an array reads as none.</summary>
    private static List<T> Items<T>(ref Utf8JsonReader reader, ValueReader<T> read)
    {
        var items = new List<T>();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return items;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(read(ref reader));
        }

        return items;
    }

    private static List<string?> Texts(ref Utf8JsonReader reader) => Items(ref reader, static (ref Utf8JsonReader r) => JsonTokens.Text(ref r));

    /// <summary>An array's numbers (<see cref="JsonTokens.Decimal"/>), in an array of their exact count.</summary>
    private static decimal?[] Numbers(ref Utf8JsonReader reader) => [.. Items(ref reader, static (ref Utf8JsonReader r) => JsonTokens.Decimal(ref r))];
}
