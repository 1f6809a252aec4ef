using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Backfill.Services.Storage;

/// <summary>
/// A short hash of a document's normalised fields (<see cref="StoreValues.NormalizeFields"/>), the same for equal
/// content whatever the order of its keys. Stored in the document, it lets a run that re-reads what an earlier run
/// wrote leave unchanged documents alone without reading them whole.
/// </summary>
public static class ContentHash
{
    /// <summary>Base64url of the first 16 bytes of SHA-256 over the fields, except the top-level <paramref name="excluded"/>.</summary>
    public static string Of(IReadOnlyDictionary<string, object?> fields, IReadOnlySet<string> excluded)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(excluded);
        using var hash = new Sink();
        AppendMap(hash, fields, excluded);
        Span<byte> digest = stackalloc byte[32];
        hash.Finish(digest);
        return Convert.ToBase64String(digest[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static void AppendMap(Sink hash, IReadOnlyDictionary<string, object?> map, IReadOnlySet<string>? excluded)
    {
        var keys = map.Keys.Where(k => excluded is null || !excluded.Contains(k)).ToArray();
        Array.Sort(keys, StringComparer.Ordinal);
        AppendTag(hash, 'm', keys.Length);
        foreach (var key in keys)
        {
            AppendString(hash, key);
            AppendValue(hash, map[key]);
        }
    }

    private static void AppendValue(Sink hash, object? value)
    {
        switch (value)
        {
            case null:
                AppendTag(hash, 'n', 0);
                break;
            case bool b:
                AppendTag(hash, b ? 't' : 'f', 0);
                break;
            case long l:
                AppendTag(hash, 'i', l);
                break;
            case double d:
                AppendTag(hash, 'd', BitConverter.DoubleToInt64Bits(d));
                break;
            case string s:
                AppendTag(hash, 's', 0);
                AppendString(hash, s);
                break;
            case DateTimeOffset t:
                AppendTag(hash, 'T', t.UtcTicks);
                break;
            case byte[] bytes:
                AppendTag(hash, 'b', bytes.Length);
                hash.Append(bytes);
                break;
            case IReadOnlyDictionary<string, object?> map:
                AppendMap(hash, map, null);
                break;
            case IEnumerable<object?> list:
                var items = list as IReadOnlyCollection<object?> ?? [.. list];
                AppendTag(hash, 'a', items.Count);
                foreach (var item in items)
                {
                    AppendValue(hash, item);
                }

                break;
            default:
                // References and geo points: their text form is their identity.
                AppendTag(hash, 'o', 0);
                AppendString(hash, value.GetType().Name + ":" + value);
                break;
        }
    }

    private static void AppendTag(Sink hash, char tag, long value)
    {
        var bytes = hash.Take(9);
        bytes[0] = (byte)tag;
        BinaryPrimitives.WriteInt64LittleEndian(bytes[1..], value);
    }

    private static void AppendString(Sink hash, string value)
    {
        // Length first, so adjacent strings cannot run into each other.
        var count = Encoding.UTF8.GetByteCount(value);
        AppendTag(hash, 'l', count);
        if (count <= Sink.Capacity)
        {
            Encoding.UTF8.GetBytes(value, hash.Take(count));
        }
        else
        {
            hash.Append(Encoding.UTF8.GetBytes(value));
        }
    }

    /// <summary>
    /// Gathers the small pieces (tags, keys, short values) in a pooled buffer and hashes it in large blocks: one
    /// <see cref="IncrementalHash.AppendData(ReadOnlySpan{byte})"/> per piece cost more than the hashing. The bytes hashed,
    /// and so every stored hash, are the same.
    /// </summary>
    private sealed class Sink : IDisposable
    {
        public const int Capacity = 16 * 1024;

        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(Capacity);
        private int _length;

        /// <summary>The next <paramref name="count"/> bytes of the stream, to be filled in (at most <see cref="Capacity"/>).</summary>
        public Span<byte> Take(int count)
        {
            if (_length + count > Capacity)
            {
                Flush();
            }

            var span = _buffer.AsSpan(_length, count);
            _length += count;
            return span;
        }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length <= Capacity)
            {
                bytes.CopyTo(Take(bytes.Length));
                return;
            }

            Flush();
            _hash.AppendData(bytes);
        }

        public void Finish(Span<byte> digest)
        {
            Flush();
            _hash.GetHashAndReset(digest);
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _hash.Dispose();
        }

        private void Flush()
        {
            _hash.AppendData(_buffer.AsSpan(0, _length));
            _length = 0;
        }
    }
}
