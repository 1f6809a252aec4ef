using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Backfill.Services.Storage.Embedded;

/// <summary>
/// Encodes a document's fields as compact, exact, type-preserving JSON: integers as plain numbers, strings as
/// strings, null/bool as themselves, lists as arrays, and every other type as a one-key object that names it
/// (<c>{"d":1.5}</c> double, <c>{"t":µs}</c> timestamp, <c>{"b":base64}</c>, <c>{"r":path}</c>, <c>{"g":[lat,lng]}</c>,
/// <c>{"m":{…}}</c> map). Map entries are written small values first, then in ordinal key order (see
/// <see cref="EntryOrder"/>), so equal documents encode to equal bytes, which is how an unchanged write is recognised
/// (Firestore keeps its update time), and a projected read can stop before a document's big fields.
/// </summary>
internal static class FieldCodec
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? cachedBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? cachedWriter;

    public static byte[] Encode(IReadOnlyDictionary<string, object?> fields)
    {
        // Bulk writers encode on every caller thread: one buffer and one writer per thread, reset per document.
        var buffer = cachedBuffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = cachedWriter ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        WriteMapBody(writer, fields);
        writer.Flush();
        var result = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 1 << 20)
        {
            cachedBuffer = null;
            cachedWriter = null;
        }

        return result;
    }

    public static Dictionary<string, object?> Decode(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return ReadMapBody(ref reader);
    }

    /// <summary>
    /// Only the top-level fields named in <paramref name="keep"/>; the others are skipped without being built, which is
    /// most of the cost of reading a document whose big map a projection leaves out (a rollup's breakdowns).
    /// </summary>
    public static Dictionary<string, object?> Decode(ReadOnlySpan<byte> json, IReadOnlySet<string> keep)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);

        // Small values come first: once every kept field is read, the rest (an order's raw JSON, its line items) is
        // left untokenised. A kept field the document lacks means reading to the end, as before.
        while (map.Count < keep.Count && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (keep.Contains(key))
            {
                map[key] = ReadValue(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return map;
    }

    private static void WriteMapBody(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?> map)
    {
        writer.WriteStartObject();
        var entries = ArrayPool<(int Rank, KeyValuePair<string, object?> Entry)>.Shared.Rent(map.Count);
        var count = 0;
        foreach (var entry in map)
        {
            entries[count++] = (EntryOrder.Rank(entry.Value), entry);
        }

        Array.Sort(entries, 0, count, EntryOrder.Instance);
        for (var i = 0; i < count; i++)
        {
            writer.WritePropertyName(entries[i].Entry.Key);
            WriteValue(writer, entries[i].Entry.Value);
        }

        Array.Clear(entries, 0, count);
        ArrayPool<(int Rank, KeyValuePair<string, object?> Entry)>.Shared.Return(entries);
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case string s: writer.WriteStringValue(s); break;
            case double d:
                writer.WriteStartObject();
                writer.WritePropertyName("d");
                WriteDouble(writer, d);
                writer.WriteEndObject();
                break;
            case DateTimeOffset t:
                writer.WriteStartObject();
                writer.WriteNumber("t", ToMicroseconds(t));
                writer.WriteEndObject();
                break;
            case byte[] bytes:
                writer.WriteStartObject();
                writer.WriteBase64String("b", bytes);
                writer.WriteEndObject();
                break;
            case DocumentPath path:
                writer.WriteStartObject();
                writer.WriteString("r", path.Value);
                writer.WriteEndObject();
                break;
            case GeoPoint g:
                writer.WriteStartObject();
                writer.WriteStartArray("g");
                WriteDouble(writer, g.Latitude);
                WriteDouble(writer, g.Longitude);
                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case IReadOnlyList<object?> list:
                writer.WriteStartArray();
                for (var i = 0; i < list.Count; i++)
                {
                    WriteValue(writer, list[i]);
                }

                writer.WriteEndArray();
                break;
            case IReadOnlyDictionary<string, object?> map:
                writer.WriteStartObject();
                writer.WritePropertyName("m");
                WriteMapBody(writer, map);
                writer.WriteEndObject();
                break;
            default:
                throw new UnsupportedValueException("value", $"values of type {value.GetType().Name} are not normalised");
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, double d)
    {
        if (double.IsFinite(d))
        {
            writer.WriteNumberValue(d);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static double ReadDouble(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString() switch
            {
                "NaN" => double.NaN,
                "Infinity" => double.PositiveInfinity,
                _ => double.NegativeInfinity,
            }
            : reader.GetDouble();

    private static Dictionary<string, object?> ReadMapBody(ref Utf8JsonReader reader)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            map[key] = ReadValue(ref reader);
        }

        return map;
    }

    private static object? ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return null;
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            case JsonTokenType.Number: return reader.GetInt64();
            case JsonTokenType.String: return reader.GetString();
            case JsonTokenType.StartArray:
                var list = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    list.Add(ReadValue(ref reader));
                }

                return list;
            case JsonTokenType.StartObject:
                reader.Read();
                var tag = reader.ValueSpan.Length == 1 ? (char)reader.ValueSpan[0] : '?';
                reader.Read();
                object? value = tag switch
                {
                    'd' => ReadDouble(ref reader),
                    't' => FromMicroseconds(reader.GetInt64()),
                    'b' => reader.GetBytesFromBase64(),
                    'r' => DocumentPath.Parse(reader.GetString()!),
                    'g' => ReadGeoPoint(ref reader),
                    'm' => ReadMapBody(ref reader),
                    _ => throw new StoreException(StoreErrorCode.DataLoss, $"unknown value tag '{tag}' in a stored document"),
                };
                reader.Read();
                return value;
            default:
                throw new StoreException(StoreErrorCode.DataLoss, $"unexpected JSON token {reader.TokenType} in a stored document");
        }
    }

    private static GeoPoint ReadGeoPoint(ref Utf8JsonReader reader)
    {
        reader.Read();
        var latitude = ReadDouble(ref reader);
        reader.Read();
        var longitude = ReadDouble(ref reader);
        reader.Read();
        return new GeoPoint(latitude, longitude);
    }

    /// <summary>
    /// Map entries by size class, then by ordinal key: a function of the map's content alone, so equal maps encode to
    /// equal bytes. Scalars and short strings come first, then small lists and maps (an order's refunds, customer, UTM),
    /// then long strings and big containers (its raw JSON, line items), so a projected read of the small fields stops
    /// early (<see cref="Decode(ReadOnlySpan{byte}, IReadOnlySet{string})"/>).
    /// </summary>
    private sealed class EntryOrder : IComparer<(int Rank, KeyValuePair<string, object?> Entry)>
    {
        private const int ShortString = 64;
        private const int SmallContainer = 8;

        public static readonly EntryOrder Instance = new();

        public static int Rank(object? value) => value switch
        {
            string s => s.Length <= ShortString ? 0 : 2,
            byte[] b => b.Length <= ShortString ? 0 : 2,
            IReadOnlyList<object?> list => list.Count <= SmallContainer ? 1 : 2,
            IReadOnlyDictionary<string, object?> map => map.Count <= SmallContainer ? 1 : 2,
            _ => 0,
        };

        public int Compare((int Rank, KeyValuePair<string, object?> Entry) x, (int Rank, KeyValuePair<string, object?> Entry) y) =>
            x.Rank != y.Rank ? x.Rank.CompareTo(y.Rank) : string.CompareOrdinal(x.Entry.Key, y.Entry.Key);
    }

    public static long ToMicroseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicroseconds(long microseconds) =>
        new(DateTimeOffset.UnixEpoch.UtcTicks + (microseconds * 10), TimeSpan.Zero);
}
