using System.Text.Json;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// Reads a JSON:API body as it arrives, member by member and, inside a top-level <c>data</c> or <c>included</c> array,
/// element by element, keeping each as its own UTF-8 bytes. Only the part of the body not yet read into a resource is
/// buffered: a read buffer of <see cref="InitialBuffer"/> grows only for a single resource larger than it. The whole
/// body was read into one array first: for a 2.7 MB page of 1,000 events a 4 MB array (grown by doubling, since Klaviyo
/// answers chunked, so 8 MB allocated on the large object heap), alive while the page was parsed beside it.
/// </summary>
internal sealed class JsonApiStreamReader
{
    /// <summary>Below the large object heap's threshold (85,000 bytes); a page's resources are a few KB each.</summary>
    internal const int InitialBuffer = 32 * 1024;

    private readonly List<JsonApiMember> _members = [];
    private List<byte[]>? _items;
    private string _arrayName = "";
    private Position _position;
    private JsonReaderState _state;

    private enum Position
    {
        Start,
        InRoot,
        InArray,
        AfterRoot,
    }

    public static Task<JsonApiDocument> ReadAsync(Stream body, CancellationToken cancellationToken) =>
        ReadAsync(body, InitialBuffer, cancellationToken);

    /// <summary>The body read with a first buffer of <paramref name="initialBuffer"/> bytes (tests use tiny ones).</summary>
    internal static async Task<JsonApiDocument> ReadAsync(Stream body, int initialBuffer, CancellationToken cancellationToken)
    {
        var parser = new JsonApiStreamReader();
        var buffer = new byte[initialBuffer];
        var filled = 0;
        while (true)
        {
            // Fill the buffer (or reach the end) before parsing, so a resource larger than the buffer is scanned once
            // per doubling rather than once per network read.
            var final = false;
            while (filled < buffer.Length)
            {
                var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    final = true;
                    break;
                }

                filled += read;
            }

            var consumed = parser.Advance(buffer.AsSpan(0, filled), final);
            if (final)
            {
                return consumed == filled ? parser.Finish() : throw new JsonException("The body ended inside a JSON value.");
            }

            if (consumed == 0)
            {
                // One value fills the buffer: make room for the rest of it.
                Array.Resize(ref buffer, checked(buffer.Length * 2));
                continue;
            }

            // What is left is the start of the next value: move it to the front.
            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;
        }
    }

    /// <summary>
    /// Reads every complete member or resource in <paramref name="utf8"/> (the bytes after those consumed by the
    /// last call) and returns how many bytes it consumed. With <paramref name="isFinalBlock"/> the body ends here: a
    /// value left open, or anything but whitespace after the root, is a <see cref="JsonException"/>.
    /// </summary>
    public int Advance(ReadOnlySpan<byte> utf8, bool isFinalBlock)
    {
        var reader = new Utf8JsonReader(utf8, isFinalBlock, _state);
        var committed = 0;
        while (true)
        {
            if (_position == Position.AfterRoot)
            {
                if (reader.Read())
                {
                    throw new JsonException($"Unexpected {reader.TokenType} after the JSON value at byte {reader.TokenStartIndex}.");
                }

                // Only whitespace is left (the reader refuses anything else at the end of the final block).
                return isFinalBlock ? utf8.Length : committed;
            }

            if (!reader.Read())
            {
                return isFinalBlock ? throw new JsonException(_position == Position.Start ? "The body is empty." : "The body ended inside a JSON value.") : committed;
            }

            switch (_position)
            {
                case Position.Start when reader.TokenType == JsonTokenType.StartObject:
                    _position = Position.InRoot;
                    break;
                case Position.Start:
                    if (!TryValue(ref reader, utf8, out var root))
                    {
                        return NeedMore(isFinalBlock, committed);
                    }

                    _members.Add(new JsonApiMember("", root, null));
                    _position = Position.AfterRoot;
                    break;
                case Position.InRoot when reader.TokenType == JsonTokenType.EndObject:
                    _position = Position.AfterRoot;
                    break;
                case Position.InRoot:
                    var name = reader.GetString()!;
                    if (!reader.Read())
                    {
                        return NeedMore(isFinalBlock, committed);
                    }

                    if (name is "data" or "included" && reader.TokenType == JsonTokenType.StartArray)
                    {
                        _items = [];
                        _arrayName = name;
                        _position = Position.InArray;
                        break;
                    }

                    if (!TryValue(ref reader, utf8, out var value))
                    {
                        return NeedMore(isFinalBlock, committed);
                    }

                    _members.Add(new JsonApiMember(name, value, null));
                    break;
                case Position.InArray when reader.TokenType == JsonTokenType.EndArray:
                    _members.Add(new JsonApiMember(_arrayName, null, _items));
                    _items = null;
                    _position = Position.InRoot;
                    break;
                case Position.InArray:
                    if (!TryValue(ref reader, utf8, out var item))
                    {
                        return NeedMore(isFinalBlock, committed);
                    }

                    _items!.Add(item);
                    break;
            }

            committed = checked((int)reader.BytesConsumed);
            _state = reader.CurrentState;
        }
    }

    /// <summary>The document once the whole body has been read.</summary>
    public JsonApiDocument Finish() =>
        _position == Position.AfterRoot ? JsonApiDocument.FromMembers(_members) : throw new JsonException("The body ended inside a JSON value.");

    private static int NeedMore(bool isFinalBlock, int committed) =>
        isFinalBlock ? throw new JsonException("The body ended inside a JSON value.") : committed;

    /// <summary>
    /// The value whose first token the reader is on, as its bytes, with the reader moved to its last token; false when
    /// the value does not end in <paramref name="utf8"/> (the reader is then left where it was).
    /// </summary>
    private static bool TryValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, out byte[] value)
    {
        var start = checked((int)reader.TokenStartIndex);
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            var end = reader;
            if (!end.TrySkip())
            {
                value = [];
                return false;
            }

            reader = end;
        }

        value = utf8[start..checked((int)reader.BytesConsumed)].ToArray();
        return true;
    }
}
