using System.Text.RegularExpressions;

namespace Backfill.Services.Storage;

/// <summary>
/// A path to a field inside a document, as segments. <see cref="Parse"/> splits on dots (for plain names);
/// <see cref="Of"/> takes raw segments, so a name with dots, spaces or back-quotes is never misread.
/// </summary>
public sealed partial record FieldPath
{
    private FieldPath(string[] segments) => Segments = segments;

    /// <summary>The document's own name (<c>__name__</c>), for ordering and cursors.</summary>
    public static readonly FieldPath DocumentId = new(["__name__"]);

    public IReadOnlyList<string> Segments { get; }

    public bool IsDocumentId => Segments.Count == 1 && Segments[0] == "__name__";

    public static FieldPath Parse(string dotted)
    {
        ArgumentException.ThrowIfNullOrEmpty(dotted);
        return dotted == "__name__" ? DocumentId : Of(dotted.Split('.'));
    }

    public static FieldPath Of(params string[] segments)
    {
        if (segments.Length == 0 || segments.Any(string.IsNullOrEmpty))
        {
            throw new UnsupportedValueException(string.Join('.', segments), "a field path has an empty segment");
        }

        return new FieldPath(segments);
    }

    public static implicit operator FieldPath(string dotted) => Parse(dotted);

    public FieldPath Append(string segment) => Of([.. Segments, segment]);

    /// <summary>Firestore's encoded form: simple names as they are, others in back-quotes with ` and \ escaped.</summary>
    public string Encoded => string.Join('.', Segments.Select(EncodeSegment));

    public bool Equals(FieldPath? other) => other is not null && Segments.SequenceEqual(other.Segments, StringComparer.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Encoded);

    public override string ToString() => Encoded;

    public bool IsPrefixOf(FieldPath other) =>
        other.Segments.Count >= Segments.Count && Segments.SequenceEqual(other.Segments.Take(Segments.Count), StringComparer.Ordinal);

    private static string EncodeSegment(string segment) =>
        SimpleName().IsMatch(segment) ? segment : "`" + segment.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("`", "\\`", StringComparison.Ordinal) + "`";

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z_0-9]*$")]
    private static partial Regex SimpleName();
}
