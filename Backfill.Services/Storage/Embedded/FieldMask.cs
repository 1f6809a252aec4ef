namespace Backfill.Services.Storage.Embedded;

/// <summary>
/// Firestore's update-mask rule: each masked path takes its value from the write, creating intermediate maps
/// (and replacing a non-map in the way); a masked path with no value in the write is removed. Fields outside
/// the mask are left as they are, even when the write carries them.
/// </summary>
internal static class FieldMask
{
    public static Dictionary<string, object?> Apply(
        IReadOnlyDictionary<string, object?>? existing,
        IReadOnlyDictionary<string, object?> fields,
        IReadOnlyList<FieldPath> mask)
    {
        var result = existing is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : DeepCopy(existing);
        foreach (var path in mask)
        {
            if (StoreValues.TryGetPath(fields, path, out var value))
            {
                FieldProjection.SetPath(result, path.Segments, value is IReadOnlyDictionary<string, object?> map ? DeepCopy(map) : value);
            }
            else
            {
                Remove(result, path.Segments);
            }
        }

        return result;
    }

    private static void Remove(Dictionary<string, object?> root, IReadOnlyList<string> segments)
    {
        var current = root;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            if (!current.TryGetValue(segments[i], out var next) || next is not Dictionary<string, object?> child)
            {
                return;
            }

            current = child;
        }

        current.Remove(segments[^1]);
    }

    /// <summary>Copies the map levels (which a merge mutates); leaf values are immutable and shared.</summary>
    private static Dictionary<string, object?> DeepCopy(IReadOnlyDictionary<string, object?> map)
    {
        var copy = new Dictionary<string, object?>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            copy[key] = value is IReadOnlyDictionary<string, object?> child ? DeepCopy(child) : value;
        }

        return copy;
    }
}
