namespace Backfill.Services.Storage.Embedded;

/// <summary>
/// A document's row key: its segments joined with U+0001. Ids cannot hold control characters, so comparing
/// keys as UTF-8 bytes (SQLite BINARY collation) orders documents exactly like Firestore's <c>__name__</c>:
/// segment by segment, a parent before its descendants. A key prefix followed by U+0001 … U+0002 bounds
/// every key below a document or collection.
/// </summary>
internal static class DocumentKey
{
    public const char Separator = '\u0001';

    /// <summary>Just above the separator: the exclusive upper bound of a key range.</summary>
    public const char AfterSeparator = '\u0002';

    public static string Of(DocumentPath path) => string.Join(Separator, path.Segments);

    public static string Of(CollectionPath path) => string.Join(Separator, path.Segments);

    /// <summary>The parent document's key, or "" for a root collection.</summary>
    public static string ParentOf(DocumentPath path) => path.Parent.Parent is { } parent ? Of(parent) : "";

    public static DocumentPath ToPath(string key) => DocumentPath.FromValidSegments(key.Split(Separator));

    /// <summary>The range [low, high) of every key strictly below <paramref name="prefixKey"/>.</summary>
    public static (string Low, string High) Below(string prefixKey) => (prefixKey + Separator, prefixKey + AfterSeparator);
}
