using System.Globalization;
using System.Text.Json;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// Forgiving reads from parsed JSON: a missing property, a null or a value of the wrong kind reads as
/// <c>null</c> rather than throwing, because Klaviyo payloads (and custom integrations) vary.
/// </summary>
internal static class JsonFields
{
    public static JsonElement? Property(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static JsonElement? Object(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Object } value ? value : null;

    public static IEnumerable<JsonElement> Array(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Array } value ? value.EnumerateArray() : [];

    /// <summary>A string, or a number/bool rendered as text (ids are sometimes numeric); blank reads as null.</summary>
    public static string? String(this JsonElement element, string name) => element.Property(name)?.AsText();

    public static string? AsText(this JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        return TrimmedText(text);
    }

    public static bool? Bool(this JsonElement element, string name) => element.Property(name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } s when bool.TryParse(s.GetString(), out var parsed) => parsed,
        _ => null,
    };

    public static decimal? Decimal(this JsonElement element, string name) => element.Property(name)?.AsDecimal();

    /// <summary>A number, or a numeric string such as <c>"12.50"</c>; NaN, infinities and garbage read as null.</summary>
    public static decimal? AsDecimal(this JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                if (value.TryGetDecimal(out var number))
                {
                    return number;
                }

                return value.TryGetDouble(out var big) ? DecimalOf(big) : null;
            case JsonValueKind.String:
                return NumericText(value.GetString());
            default:
                return null;
        }
    }

    // The rules below are shared with JsonTokens, which reads the same values from a Utf8JsonReader: both readers must
    // agree value for value (ReportAnswerReaderTests compares them).

    /// <summary>Text as every forgiving read gives it: trimmed, and blank reads as null.</summary>
    internal static string? TrimmedText(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A numeric string such as <c>"12.50"</c> or <c>"1e3"</c>; garbage reads as null.</summary>
    internal static decimal? NumericText(string? text) =>
        decimal.TryParse(text?.Trim(), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    /// <summary>
    /// A number <c>decimal</c> would not parse (an exponent, or too many digits); NaN, infinities and what a decimal
    /// cannot hold read as null.
    /// </summary>
    internal static decimal? DecimalOf(double number) => double.IsFinite(number) && Math.Abs(number) < 7.9e28 ? (decimal)number : null;

    public static DateTimeOffset? DateTime(this JsonElement element, string name) =>
        element.String(name) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;
}
