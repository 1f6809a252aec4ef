using System.Text;

namespace Backfill.Services.Storage;

/// <summary>
/// A document's path relative to the database root: an even number of segments,
/// alternating collection id and document id (<c>clients/acme/klaviyo/data</c>).
/// </summary>
public sealed record DocumentPath
{
    private DocumentPath(string[] segments) => Segments = segments;

    public IReadOnlyList<string> Segments { get; }

    public string Id => Segments[^1];

    public CollectionPath Parent => CollectionPath.FromValidSegments(Segments.Take(Segments.Count - 1).ToArray());

    public string Value => string.Join('/', Segments);

    public static DocumentPath Parse(string path)
    {
        var segments = PathSegments.Split(path);
        if (segments.Length == 0 || segments.Length % 2 != 0)
        {
            throw new InvalidPathException(path, "a document path needs an even, non-zero number of segments");
        }

        return new DocumentPath(segments);
    }

    public static DocumentPath Of(params string[] segments) => Parse(string.Join('/', segments));

    internal static DocumentPath FromValidSegments(string[] segments) => new(segments);

    public CollectionPath Collection(string collectionId) =>
        CollectionPath.FromValidSegments([.. Segments, PathSegments.Validate(collectionId, Value)]);

    public bool IsDescendantOf(DocumentPath ancestor) =>
        Segments.Count > ancestor.Segments.Count && ancestor.Segments.SequenceEqual(Segments.Take(ancestor.Segments.Count));

    public bool Equals(DocumentPath? other) => other is not null && Segments.SequenceEqual(other.Segments, StringComparer.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;
}

/// <summary>A collection's path: an odd number of segments (<c>clients</c>, <c>clients/acme/klaviyo</c>).</summary>
public sealed record CollectionPath
{
    private CollectionPath(string[] segments) => Segments = segments;

    public IReadOnlyList<string> Segments { get; }

    public string Id => Segments[^1];

    /// <summary>The document that holds this collection, or null for a root collection.</summary>
    public DocumentPath? Parent => Segments.Count == 1 ? null : DocumentPath.FromValidSegments(Segments.Take(Segments.Count - 1).ToArray());

    public string Value => string.Join('/', Segments);

    public static CollectionPath Parse(string path)
    {
        var segments = PathSegments.Split(path);
        if (segments.Length % 2 != 1)
        {
            throw new InvalidPathException(path, "a collection path needs an odd number of segments");
        }

        return new CollectionPath(segments);
    }

    public static CollectionPath Of(params string[] segments) => Parse(string.Join('/', segments));

    internal static CollectionPath FromValidSegments(string[] segments) => new(segments);

    public DocumentPath Document(string documentId) =>
        DocumentPath.FromValidSegments([.. Segments, PathSegments.Validate(documentId, Value)]);

    public bool Equals(CollectionPath? other) => other is not null && Segments.SequenceEqual(other.Segments, StringComparer.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;
}

/// <summary>Firestore's rules for collection and document ids, applied before any request is built.</summary>
public static class PathSegments
{
    public const int MaxSegmentBytes = 1500;
    public const int MaxDepth = 100;

    public static string[] Split(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new InvalidPathException(path ?? "", "the path is empty");
        }

        var segments = path.Split('/');
        if (segments.Length > MaxDepth)
        {
            throw new InvalidPathException(path, $"the path has more than {MaxDepth} segments");
        }

        foreach (var segment in segments)
        {
            Validate(segment, path);
        }

        return segments;
    }

    /// <summary>Returns the segment when it is a legal Firestore id, otherwise throws naming the problem.</summary>
    public static string Validate(string segment, string context)
    {
        var problem = Problem(segment);
        return problem is null ? segment : throw new InvalidPathException(context, problem);
    }

    public static bool IsValid(string segment) => Problem(segment) is null;

    private static string? Problem(string segment)
    {
        if (string.IsNullOrEmpty(segment))
        {
            return "an id is empty (no leading, trailing or double '/')";
        }

        if (segment.Contains('/'))
        {
            return $"the id '{segment}' contains '/'";
        }

        if (segment is "." or "..")
        {
            return $"the id '{segment}' is reserved";
        }

        if (segment.Length > 4 && segment.StartsWith("__", StringComparison.Ordinal) && segment.EndsWith("__", StringComparison.Ordinal))
        {
            return $"the id '{segment}' matches the reserved pattern __.*__";
        }

        if (segment.Any(char.IsControl))
        {
            return "an id contains a control character";
        }

        if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
        {
            return $"an id is longer than {MaxSegmentBytes} bytes";
        }

        return null;
    }
}
