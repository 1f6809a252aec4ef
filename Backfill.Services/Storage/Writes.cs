namespace Backfill.Services.Storage;

/// <summary>One write in a commit, batch or bulk writer. Fields are normalised when the write is built.</summary>
public abstract record Write(DocumentPath Path)
{
    /// <summary>
    /// A condition on the stored document checked in the same atomic step as the write (see <see cref="Storage.Precondition"/>);
    /// null for none. It replaces the implied exists check of <see cref="Update"/> and <see cref="Delete"/>.
    /// </summary>
    public Precondition? Precondition { get; init; }

    /// <summary>This write, applied only when <paramref name="precondition"/> holds.</summary>
    public Write When(Precondition precondition) => this with { Precondition = precondition };

    /// <summary>Replaces the whole document, creating it when missing.</summary>
    public static Write Set(DocumentPath path, IReadOnlyDictionary<string, object?> fields) =>
        new SetWrite(path, StoreValues.NormalizeFields(fields));

    /// <summary>Creates the document; fails with ALREADY_EXISTS when it exists.</summary>
    public static Write Create(DocumentPath path, IReadOnlyDictionary<string, object?> fields) =>
        new CreateWrite(path, StoreValues.NormalizeFields(fields));

    /// <summary>
    /// Changes only the given field paths (by default every leaf path in <paramref name="fields"/>), creating
    /// the document when missing. A masked path with no value in <paramref name="fields"/> is removed.
    /// </summary>
    public static Write Merge(DocumentPath path, IReadOnlyDictionary<string, object?> fields, IReadOnlyList<FieldPath>? mask = null)
    {
        var normalized = StoreValues.NormalizeFields(fields);
        return new MergeWrite(path, normalized, mask ?? LeafPaths(normalized));
    }

    /// <summary>Like <see cref="Merge"/>, but fails with NOT_FOUND when the document is missing.</summary>
    public static Write Update(DocumentPath path, IReadOnlyDictionary<string, object?> fields, IReadOnlyList<FieldPath>? mask = null)
    {
        var normalized = StoreValues.NormalizeFields(fields);
        return new UpdateWrite(path, normalized, mask ?? LeafPaths(normalized));
    }

    /// <summary>
    /// Adds each of <paramref name="increments"/> to its top-level integer field, server-side and atomically (a missing
    /// or non-integer field counts as 0), and merges <paramref name="fields"/>; creates the document when missing.
    /// Concurrent increments from several processes all land: Firestore's <c>increment</c> transform, and the
    /// embedded store's read-modify-write inside its write transaction.
    /// </summary>
    public static Write Increment(DocumentPath path, IReadOnlyDictionary<string, long> increments, IReadOnlyDictionary<string, object?>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(increments);
        var normalized = StoreValues.NormalizeFields(fields ?? new Dictionary<string, object?>());
        return new IncrementWrite(path, normalized, LeafPaths(normalized), increments);
    }

    /// <summary>Deletes the document (not its subcollections); a missing document is fine unless <paramref name="mustExist"/>.</summary>
    public static Write Delete(DocumentPath path, bool mustExist = false) => new DeleteWrite(path, mustExist);

    /// <summary>Every path to a non-map value or an empty map: what a merge of these fields touches.</summary>
    public static IReadOnlyList<FieldPath> LeafPaths(IReadOnlyDictionary<string, object?> fields)
    {
        var result = new List<FieldPath>();
        Collect(fields, [], result);
        return result;

        static void Collect(IReadOnlyDictionary<string, object?> map, string[] prefix, List<FieldPath> into)
        {
            foreach (var (key, value) in map)
            {
                string[] path = [.. prefix, key];
                if (value is IReadOnlyDictionary<string, object?> { Count: > 0 } child)
                {
                    Collect(child, path, into);
                }
                else
                {
                    into.Add(FieldPath.Of(path));
                }
            }
        }
    }
}

public sealed record SetWrite(DocumentPath Path, IReadOnlyDictionary<string, object?> Fields) : Write(Path);

public sealed record CreateWrite(DocumentPath Path, IReadOnlyDictionary<string, object?> Fields) : Write(Path);

public sealed record MergeWrite(DocumentPath Path, IReadOnlyDictionary<string, object?> Fields, IReadOnlyList<FieldPath> Mask) : Write(Path);

public sealed record UpdateWrite(DocumentPath Path, IReadOnlyDictionary<string, object?> Fields, IReadOnlyList<FieldPath> Mask) : Write(Path);

public sealed record IncrementWrite(
    DocumentPath Path, IReadOnlyDictionary<string, object?> Fields, IReadOnlyList<FieldPath> Mask, IReadOnlyDictionary<string, long> Increments) : Write(Path);

public sealed record DeleteWrite(DocumentPath Path, bool MustExist) : Write(Path);

/// <summary>The outcome of one write in a non-atomic batch: null <see cref="Error"/> means it was applied.</summary>
public sealed record WriteOutcome(DocumentPath Path, StoreException? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>What a bulk writer did: how many writes landed, and every write that finally failed.</summary>
public sealed record BulkWriteSummary(long Succeeded, IReadOnlyList<WriteOutcome> Failures, long Retries)
{
    public bool AllSucceeded => Failures.Count == 0;
}
