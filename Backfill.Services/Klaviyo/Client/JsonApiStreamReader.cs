using System.Buffers;
using System.Text.Json;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// Reads a JSON:API body as it arrives, member by member and, inside a top-level <c>data</c> or <c>included</c> array,
/// element by element, keeping each as its own UTF-8 bytes. Only the part of the body not yet read into a resource is
/// buffered, in chunks of <see cref="ChunkSize"/> (no array grown by doubling: a large resource is copied out of its
/// chunks once, into an array of its exact size). The whole
/// body was read into one array first: for a 2.7 MB page of 1,000 events a 4 MB array (grown by doubling, since Klaviyo
/// answers chunked, so 8 MB allocated on the large object heap), alive while the page was parsed beside it.
/// </summary>
internal sealed class JsonApiStreamReader
{
    /// <summary>
    /// The body arrives into chunks of this size, below the large object heap's threshold (85,000 bytes); a resource
    /// larger than a chunk (a wholesale order's 1.3 MB event) spans several and is copied out once, whole.
    /// </summary>
    internal const int ChunkSize = 32 * 1024;

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
        ReadAsync(body, ChunkSize, cancellationToken);

    /// <summary>The body read in chunks of <paramref name="chunkSize"/> bytes (tests use tiny ones).</summary>
    internal static async Task<JsonApiDocument> ReadAsync(Stream body, int chunkSize, CancellationToken cancellationToken)
    {
        var parser = new JsonApiStreamReader();
        var pending = new PendingBytes(chunkSize);
        long parseAt = 0;
        while (true)
        {
            var read = await body.ReadAsync(pending.FreeSpace(), cancellationToken);
            var final = read == 0;
            pending.Filled(read);
            if (!final && pending.Length < parseAt)
            {
                continue;
            }

            var bytes = pending.Sequence();
            var consumed = parser.Advance(bytes, final);
            if (final)
            {
                return consumed == bytes.Length ? parser.Finish() : throw new JsonException("The body ended inside a JSON value.");
            }

            pending.Drop(consumed);

            // A value still open is parsed again from its start once at least as many bytes again have arrived (and at
            // least a chunk): a resource of n bytes is scanned about 2n bytes in all, however the network splits it.
            parseAt = pending.Length + Math.Max(pending.Length, chunkSize);
        }
    }

    /// <summary>
    /// Reads every complete member or resource in <paramref name="utf8"/> (the bytes after those consumed by the
    /// last call) and returns how many bytes it consumed. With <paramref name="isFinalBlock"/> the body ends here: a
    /// value left open, or anything but whitespace after the root, is a <see cref="JsonException"/>.
    /// </summary>
    public long Advance(ReadOnlySequence<byte> utf8, bool isFinalBlock)
    {
        var reader = new Utf8JsonReader(utf8, isFinalBlock, _state);
        long committed = 0;
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

            committed = reader.BytesConsumed;
            _state = reader.CurrentState;
        }
    }

    /// <summary>The document once the whole body has been read.</summary>
    public JsonApiDocument Finish() =>
        _position == Position.AfterRoot ? JsonApiDocument.FromMembers(_members) : throw new JsonException("The body ended inside a JSON value.");

    private static long NeedMore(bool isFinalBlock, long committed) =>
        isFinalBlock ? throw new JsonException("The body ended inside a JSON value.") : committed;

    /// <summary>
    /// The value whose first token the reader is on, as its bytes, with the reader moved to its last token; false when
    /// the value does not end in <paramref name="utf8"/> (the reader is then left where it was).
    /// </summary>
    private static bool TryValue(ref Utf8JsonReader reader, ReadOnlySequence<byte> utf8, out byte[] value)
    {
        var start = reader.TokenStartIndex;
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

        value = utf8.Slice(start, reader.BytesConsumed - start).ToArray();
        return true;
    }

    /// <summary>
    /// The bytes received and not yet consumed, in chunks: the first from <c>_start</c>, the last up to <c>_tail</c>,
    /// every other one full.
    /// </summary>
    private sealed class PendingBytes(int chunkSize)
    {
        private readonly List<byte[]> _chunks = [new byte[chunkSize]];

        // A chunk read through is used again: a page is read through one or two chunks, not one per 32 KB of it.
        private byte[]? _spare;
        private int _start;
        private int _tail;

        public long Length => ((long)(_chunks.Count - 1) * chunkSize) + _tail - _start;

        /// <summary>Room at the end for the next read (a new chunk once the last one is full).</summary>
        public Memory<byte> FreeSpace()
        {
            if (_tail == chunkSize)
            {
                _chunks.Add(_spare ?? new byte[chunkSize]);
                _spare = null;
                _tail = 0;
            }

            return _chunks[^1].AsMemory(_tail);
        }

        public void Filled(int count) => _tail += count;

        public ReadOnlySequence<byte> Sequence()
        {
            if (_chunks.Count == 1)
            {
                return new ReadOnlySequence<byte>(_chunks[0], _start, _tail - _start);
            }

            var first = new Segment(_chunks[0].AsMemory(_start), 0);
            var last = first;
            for (var i = 1; i < _chunks.Count; i++)
            {
                last = last.Append(_chunks[i].AsMemory(0, i == _chunks.Count - 1 ? _tail : chunkSize));
            }

            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }

        public void Drop(long consumed)
        {
            var start = _start + consumed;
            while (_chunks.Count > 1 && start >= chunkSize)
            {
                _spare = _chunks[0];
                _chunks.RemoveAt(0);
                start -= chunkSize;
            }

            _start = checked((int)start);
            if (_chunks.Count == 1 && _start == _tail)
            {
                // Everything read is consumed: the chunk is reused from its start.
                _start = 0;
                _tail = 0;
            }
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
