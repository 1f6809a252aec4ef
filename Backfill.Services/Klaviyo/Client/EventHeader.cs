using System.Buffers;
using System.Text.Json;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// What mapping a page's event needs of its resource (<c>id</c>, <c>attributes.datetime</c>,
/// <c>attributes.timestamp</c>, <c>relationships</c>), parsed without parsing the rest. A large event (the sandbox's
/// 1.3 MB wholesale order) parsed whole while its page is read costs 1 MB of token metadata beside the page; its
/// properties are parsed once, when its order is read.
/// </summary>
internal static class EventHeader
{
    /// <summary>Smaller resources are parsed whole: their metadata is small, and it keeps the common path unchanged.</summary>
    internal const int ScanAbove = JsonApiStreamReader.ChunkSize;

    /// <summary>
    /// The resource, or for one over <see cref="ScanAbove"/> bytes an object with only those members, each copied
    /// verbatim from its last occurrence (a repeated name: the last one counts, as for a parsed object).
    /// </summary>
    public static JsonElement Of(byte[] utf8)
    {
        if (utf8.Length <= ScanAbove || Header(utf8) is not { } header)
        {
            return JsonApiDocument.ParseElement(utf8);
        }

        return JsonApiDocument.ParseElement(header);
    }

    private static byte[]? Header(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, isFinalBlock: true, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        Range? id = null;
        Range? attributes = null;
        Range? relationships = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals("id"u8);
            var isAttributes = !isId && reader.ValueTextEquals("attributes"u8);
            var isRelationships = !isId && !isAttributes && reader.ValueTextEquals("relationships"u8);
            reader.Read();
            var range = ValueRange(ref reader);
            if (isId)
            {
                id = range;
            }
            else if (isAttributes)
            {
                attributes = range;
            }
            else if (isRelationships)
            {
                relationships = range;
            }
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            Write(writer, "id", utf8, id);
            if (attributes is { } range && utf8[range][0] == (byte)'{')
            {
                var attributesUtf8 = utf8[range];
                writer.WritePropertyName("attributes");
                writer.WriteStartObject();
                var (datetime, timestamp) = TimeMembers(attributesUtf8);
                Write(writer, "datetime", attributesUtf8, datetime);
                Write(writer, "timestamp", attributesUtf8, timestamp);
                writer.WriteEndObject();
            }
            else
            {
                Write(writer, "attributes", utf8, attributes);
            }

            Write(writer, "relationships", utf8, relationships);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static (Range? Datetime, Range? Timestamp) TimeMembers(ReadOnlySpan<byte> attributes)
    {
        var reader = new Utf8JsonReader(attributes, isFinalBlock: true, state: default);
        reader.Read();
        Range? datetime = null;
        Range? timestamp = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isDatetime = reader.ValueTextEquals("datetime"u8);
            var isTimestamp = !isDatetime && reader.ValueTextEquals("timestamp"u8);
            reader.Read();
            var range = ValueRange(ref reader);
            if (isDatetime)
            {
                datetime = range;
            }
            else if (isTimestamp)
            {
                timestamp = range;
            }
        }

        return (datetime, timestamp);
    }

    /// <summary>The bytes of the value the reader is on (skipped past).</summary>
    private static Range ValueRange(ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return start..(int)reader.BytesConsumed;
    }

    private static void Write(Utf8JsonWriter writer, string name, ReadOnlySpan<byte> utf8, Range? range)
    {
        if (range is { } value)
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(utf8[value], skipInputValidation: true);
        }
    }
}
