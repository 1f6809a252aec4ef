using System.Text;

namespace Backfill.Services.Storage.Embedded;

/// <summary>
/// Firestore's storage-size formula: the document name (each segment's UTF-8 bytes + 1, plus 16), each field
/// name (UTF-8 + 1) and value (null/bool 1; number/timestamp 8; string UTF-8 + 1; bytes their length;
/// reference its name size; geo point 16; array/map the sum of their parts), plus 32.
/// </summary>
internal static class DocumentSize
{
    public const long MaxBytes = 1_048_576;

    public static long Of(DocumentPath path, IReadOnlyDictionary<string, object?> fields) => NameSize(path) + MapSize(fields) + 32;

    /// <summary>Throws <see cref="DocumentTooLargeException"/> naming the document when it is over 1 MiB.</summary>
    public static void EnsureWithinLimit(DocumentPath path, IReadOnlyDictionary<string, object?> fields)
    {
        var size = Of(path, fields);
        if (size > MaxBytes)
        {
            throw new DocumentTooLargeException(path.Value, size);
        }
    }

    private static long NameSize(DocumentPath path)
    {
        long size = 16;
        foreach (var segment in path.Segments)
        {
            size += Encoding.UTF8.GetByteCount(segment) + 1;
        }

        return size;
    }

    private static long MapSize(IReadOnlyDictionary<string, object?> map)
    {
        long size = 0;
        foreach (var (key, value) in map)
        {
            size += Encoding.UTF8.GetByteCount(key) + 1 + ValueSize(value);
        }

        return size;
    }

    private static long ValueSize(object? value) => value switch
    {
        null or bool => 1,
        long or double or DateTimeOffset => 8,
        string s => Encoding.UTF8.GetByteCount(s) + 1,
        byte[] b => b.Length,
        DocumentPath p => NameSize(p),
        GeoPoint => 16,
        IReadOnlyList<object?> list => list.Sum(ValueSize),
        IReadOnlyDictionary<string, object?> map => MapSize(map),
        _ => 0,
    };
}
