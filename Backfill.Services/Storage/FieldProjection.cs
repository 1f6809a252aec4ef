namespace Backfill.Services.Storage;

/// <summary>
/// Firestore's field projection (a query's <c>select</c>), and the nested-path write it and the embedded store's
/// update masks share. One implementation, so both stores project and merge alike.
/// </summary>
public static class FieldProjection
{
    /// <summary>Null keeps every field, empty keeps none, otherwise only the listed paths (the document id is no field).</summary>
    public static Document Project(Document document, IReadOnlyList<FieldPath>? select)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (select is null)
        {
            return document;
        }

        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var path in select)
        {
            if (!path.IsDocumentId && document.TryGet(path, out var value))
            {
                SetPath(fields, path.Segments, value);
            }
        }

        return document with { Fields = fields };
    }

    /// <summary>Sets a nested field, creating the maps on the way and replacing a non-map that stands in it.</summary>
    public static void SetPath(Dictionary<string, object?> root, IReadOnlyList<string> segments, object? value)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(segments);
        var current = root;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            if (!current.TryGetValue(segments[i], out var next) || next is not Dictionary<string, object?> child)
            {
                child = new Dictionary<string, object?>(StringComparer.Ordinal);
                current[segments[i]] = child;
            }

            current = child;
        }

        current[segments[^1]] = value;
    }
}
