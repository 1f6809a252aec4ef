using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using Backfill.Services.Storage;

namespace Backfill.Services.Firestore;

/// <summary>
/// Exact conversion between the store's normalised CLR values (see <see cref="StoreValues"/>) and the JSON form
/// of Firestore's <c>Value</c>. Integers are written as strings (JSON numbers lose precision beyond 2^53),
/// NaN/±Infinity as strings, timestamps as RFC 3339 UTC with microseconds.
/// </summary>
public static class FirestoreValueCodec
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary>Writes a <c>Value</c> object.</summary>
    public static void WriteValue(Utf8JsonWriter writer, object? value, FirestoreResourceNames names)
    {
        if (!IsNormalized(value))
        {
            // An int, a DateTime, a List<string>…: normalise once (which also validates) and write that.
            value = StoreValues.Normalize(value);
        }

        writer.WriteStartObject();
        switch (value)
        {
            case null:
                writer.WriteNull("nullValue");
                break;
            case bool b:
                writer.WriteBoolean("booleanValue", b);
                break;
            case long l:
                writer.WriteString("integerValue", l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                WriteDouble(writer, d);
                break;
            case DateTimeOffset t:
                writer.WriteString("timestampValue", FormatTimestamp(t));
                break;
            case string s:
                writer.WriteString("stringValue", s);
                break;
            case byte[] bytes:
                writer.WriteBase64String("bytesValue", bytes);
                break;
            case DocumentPath path:
                writer.WriteString("referenceValue", names.DocumentName(path));
                break;
            case GeoPoint point:
                writer.WriteStartObject("geoPointValue");
                writer.WriteNumber("latitude", point.Latitude);
                writer.WriteNumber("longitude", point.Longitude);
                writer.WriteEndObject();
                break;
            case IReadOnlyList<object?> list:
                writer.WriteStartObject("arrayValue");
                if (list.Count > 0)
                {
                    writer.WriteStartArray("values");
                    foreach (var item in list)
                    {
                        WriteValue(writer, item, names);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
                break;
            case IReadOnlyDictionary<string, object?> map:
                writer.WriteStartObject("mapValue");
                if (map.Count > 0)
                {
                    writer.WritePropertyName("fields");
                    WriteFields(writer, map, names);
                }

                writer.WriteEndObject();
                break;
            default:
                throw new UnsupportedValueException("value", $"values of type {value.GetType().Name} are not supported");
        }

        writer.WriteEndObject();
    }

    private static bool IsNormalized(object? value) =>
        value is null or bool or long or double or DateTimeOffset or string or byte[] or DocumentPath or GeoPoint
            or IReadOnlyList<object?> or IReadOnlyDictionary<string, object?>;

    /// <summary>Writes a <c>fields</c> object: raw keys (never escaped) to <c>Value</c>s.</summary>
    public static void WriteFields(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?> fields, FirestoreResourceNames names)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in fields)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value, names);
        }

        writer.WriteEndObject();
    }

    private static void WriteDouble(Utf8JsonWriter writer, double d)
    {
        if (double.IsNaN(d))
        {
            writer.WriteString("doubleValue", "NaN");
        }
        else if (double.IsPositiveInfinity(d))
        {
            writer.WriteString("doubleValue", "Infinity");
        }
        else if (double.IsNegativeInfinity(d))
        {
            writer.WriteString("doubleValue", "-Infinity");
        }
        else
        {
            writer.WriteNumber("doubleValue", d);
        }
    }

    /// <summary>Reads a <c>Value</c> object into a normalised CLR value.</summary>
    public static object? ReadValue(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Malformed($"a Value must be an object, not {element.ValueKind}");
        }

        foreach (var property in element.EnumerateObject())
        {
            var v = property.Value;
            switch (property.Name)
            {
                case "nullValue":
                    return null;
                case "booleanValue":
                    return v.GetBoolean();
                case "integerValue":
                    return v.ValueKind == JsonValueKind.String
                        ? long.Parse(v.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
                        : v.GetInt64();
                case "doubleValue":
                    return ReadDouble(v);
                case "timestampValue":
                    return ParseTimestamp(v.GetString()!);
                case "stringValue":
                    return v.GetString()!;
                case "bytesValue":
                    return ReadBytes(v.GetString()!);
                case "referenceValue":
                    return FirestoreResourceNames.ParseDocumentName(v.GetString()!);
                case "geoPointValue":
                    return new GeoPoint(
                        v.TryGetProperty("latitude", out var lat) ? lat.GetDouble() : 0,
                        v.TryGetProperty("longitude", out var lng) ? lng.GetDouble() : 0);
                case "arrayValue":
                    return ReadArray(v);
                case "mapValue":
                    return v.TryGetProperty("fields", out var fields) ? ReadFields(fields) : new Dictionary<string, object?>(StringComparer.Ordinal);
                default:
                    // Unknown members (future value kinds) are skipped rather than misread.
                    continue;
            }
        }

        throw Malformed("a Value has no known value member");
    }

    /// <summary>Reads a <c>fields</c> object.</summary>
    public static Dictionary<string, object?> ReadFields(JsonElement fields)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in fields.EnumerateObject())
        {
            result[property.Name] = ReadValue(property.Value);
        }

        return result;
    }

    private static List<object?> ReadArray(JsonElement arrayValue)
    {
        if (!arrayValue.TryGetProperty("values", out var values))
        {
            return [];
        }

        var result = new List<object?>(values.GetArrayLength());
        foreach (var item in values.EnumerateArray())
        {
            result.Add(ReadValue(item));
        }

        return result;
    }

    private static double ReadDouble(JsonElement v)
    {
        if (v.ValueKind == JsonValueKind.Number)
        {
            return v.GetDouble();
        }

        return v.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => double.Parse(s!, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
    }

    private static byte[] ReadBytes(string base64)
    {
        // Firestore answers with standard base64 but accepts URL-safe input, so read both.
        if (base64.Contains('-', StringComparison.Ordinal) || base64.Contains('_', StringComparison.Ordinal))
        {
            return Base64Url.DecodeFromChars(base64.TrimEnd('='));
        }

        return Convert.FromBase64String(base64);
    }

    /// <summary>RFC 3339 in UTC with exactly six fractional digits (sub-microsecond ticks are truncated).</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        StoreValues.TruncateToMicroseconds(value).UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    /// <summary>Parses RFC 3339 with any number of fractional digits (Firestore sends up to nine) and any offset.</summary>
    public static DateTimeOffset ParseTimestamp(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            var digits = text[(dot + 1)..end];
            digits = digits.Length > 6 ? digits[..6] : digits;
            text = digits.Length == 0 ? text[..dot] + text[end..] : text[..(dot + 1)] + digits + text[end..];
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var parsed)
            || !HasZone(text))
        {
            throw Malformed($"'{text}' is not an RFC 3339 timestamp with a zone");
        }

        return StoreValues.TruncateToMicroseconds(parsed);
    }

    private static bool HasZone(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    private static StoreException Malformed(string message) => new(StoreErrorCode.Internal, "unexpected Firestore JSON: " + message);
}
