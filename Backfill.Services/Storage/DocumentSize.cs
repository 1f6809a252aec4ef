using System.Text;

namespace Backfill.Services.Storage;

/// <summary>
/// Firestore's documented storage-size formula (name + fields + 32 bytes), which is what its 1 MiB document
/// limit is measured in. Both stores check it before writing, so an oversized document fails with its path,
/// not a vague 400, and the embedded store refuses exactly what Firestore would.
/// </summary>
public static class DocumentSize
{
    /// <summary>1 MiB, Firestore's maximum document size.</summary>
    public const long MaxDocumentBytes = 1_048_576;

    public static long Of(DocumentPath path, IReadOnlyDictionary<string, object?> fields) =>
        NameSize(path) + MapSize(fields) + 32;

    /// <summary>Throws <see cref="DocumentTooLargeException"/> when the document would exceed 1 MiB.</summary>
    public static void EnsureWithinLimit(DocumentPath path, IReadOnlyDictionary<string, object?> fields)
    {
        var size = Of(path, fields);
        if (size > MaxDocumentBytes)
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
        _ => 8,
    };
}
