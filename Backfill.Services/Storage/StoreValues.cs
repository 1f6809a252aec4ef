using System.Collections;
using System.Text;

namespace Backfill.Services.Storage;

/// <summary>
/// The value model shared by every store: turning CLR values into the canonical forms a store keeps,
/// and Firestore's equality and total ordering over them, so both stores agree on what a query returns.
/// </summary>
public static class StoreValues
{
    /// <summary>Maps and arrays may nest at most this deep (Firestore's limit).</summary>
    public const int MaxNestingDepth = 20;

    /// <summary>Canonical copy of a document's fields; throws <see cref="UnsupportedValueException"/> naming the field.</summary>
    public static IReadOnlyDictionary<string, object?> NormalizeFields(IReadOnlyDictionary<string, object?> fields)
    {
        var result = new Dictionary<string, object?>(fields.Count, StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            ValidateFieldName(key, key);
            result[key] = Normalize(value, key, depth: 1, insideArray: false);
        }

        return result;
    }

    public static object? Normalize(object? value, string fieldPath = "value") => Normalize(value, fieldPath, 1, false);

    private static object? Normalize(object? value, string path, int depth, bool insideArray)
    {
        if (depth > MaxNestingDepth + 1)
        {
            throw new UnsupportedValueException(path, $"maps and arrays nest deeper than {MaxNestingDepth} levels");
        }

        switch (value)
        {
            case null:
            case bool:
            case long:
            case double:
            case string:
            case DocumentPath:
            case GeoPoint:
                return value;
            case int i: return (long)i;
            case short s: return (long)s;
            case byte b: return (long)b;
            case sbyte sb: return (long)sb;
            case ushort us: return (long)us;
            case uint ui: return (long)ui;
            case ulong ul when ul <= long.MaxValue: return (long)ul;
            case ulong: throw new UnsupportedValueException(path, "an unsigned value above 2^63-1 does not fit a 64-bit integer");
            case float f: return (double)f;
            case decimal m: return (double)m;
            case DateTimeOffset dto: return TruncateToMicroseconds(dto);
            case DateTime dt:
                if (dt.Kind == DateTimeKind.Unspecified)
                {
                    throw new UnsupportedValueException(path, "a DateTime without a kind is ambiguous; use UTC or DateTimeOffset");
                }

                return TruncateToMicroseconds(new DateTimeOffset(dt.ToUniversalTime()));
            case DateOnly:
                throw new UnsupportedValueException(path, "DateOnly has no Firestore type; store it as a yyyy-MM-dd string");
            case byte[] bytes: return bytes.ToArray();
            case ReadOnlyMemory<byte> rom: return rom.ToArray();
            case Enum e: return e.ToString();
            case IDictionary<string, object?> map: return NormalizeMap(map, path, depth);
            case IReadOnlyDictionary<string, object?> roMap: return NormalizeMap(roMap, path, depth);
            case IDictionary dict: return NormalizeMap(ToPairs(dict, path), path, depth);
            case IEnumerable list:
                if (insideArray)
                {
                    throw new UnsupportedValueException(path, "an array cannot hold another array directly (wrap it in a map)");
                }

                var items = new List<object?>();
                foreach (var item in list)
                {
                    items.Add(Normalize(item, path, depth + 1, insideArray: true));
                }

                return items;
            default:
                throw new UnsupportedValueException(path, $"values of type {value.GetType().Name} are not supported");
        }
    }

    private static Dictionary<string, object?> NormalizeMap(IEnumerable<KeyValuePair<string, object?>> map, string path, int depth)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, item) in map)
        {
            var childPath = $"{path}.{key}";
            ValidateFieldName(key, childPath);
            result[key] = Normalize(item, childPath, depth + 1, insideArray: false);
        }

        return result;
    }

    private static IEnumerable<KeyValuePair<string, object?>> ToPairs(IDictionary dict, string path)
    {
        foreach (DictionaryEntry entry in dict)
        {
            if (entry.Key is not string key)
            {
                throw new UnsupportedValueException(path, "map keys must be strings");
            }

            yield return new(key, entry.Value);
        }
    }

    private static void ValidateFieldName(string name, string path)
    {
        if (name.Length == 0)
        {
            throw new UnsupportedValueException(path, "a field name is empty");
        }

        if (name.Length > 4 && name.StartsWith("__", StringComparison.Ordinal) && name.EndsWith("__", StringComparison.Ordinal))
        {
            throw new UnsupportedValueException(path, $"the field name '{name}' matches the reserved pattern __.*__");
        }

        if (Encoding.UTF8.GetByteCount(name) > 1500)
        {
            throw new UnsupportedValueException(path, "a field name is longer than 1,500 bytes");
        }
    }

    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    /// <summary>Reads a nested field; false when any segment is missing or not a map.</summary>
    public static bool TryGetPath(IReadOnlyDictionary<string, object?> fields, FieldPath path, out object? value)
    {
        value = null;
        IReadOnlyDictionary<string, object?>? current = fields;
        for (var i = 0; i < path.Segments.Count; i++)
        {
            if (current is null || !current.TryGetValue(path.Segments[i], out var next))
            {
                return false;
            }

            if (i == path.Segments.Count - 1)
            {
                value = next;
                return true;
            }

            current = next as IReadOnlyDictionary<string, object?>;
        }

        return false;
    }

    /// <summary>Firestore's type order: null &lt; bool &lt; number (NaN first) &lt; timestamp &lt; string &lt; bytes &lt; reference &lt; geo point &lt; array &lt; map.</summary>
    public static int TypeOrder(object? value) => value switch
    {
        null => 0,
        bool => 1,
        long or double => 2,
        DateTimeOffset => 3,
        string => 4,
        byte[] => 5,
        DocumentPath => 6,
        GeoPoint => 7,
        IReadOnlyList<object?> => 8,
        IReadOnlyDictionary<string, object?> => 9,
        _ => throw new UnsupportedValueException("value", $"values of type {value.GetType().Name} are not normalised"),
    };

    /// <summary>Firestore's total order over normalised values (integers and doubles compare by number).</summary>
    public static int Compare(object? left, object? right)
    {
        var byType = TypeOrder(left).CompareTo(TypeOrder(right));
        if (byType != 0)
        {
            return byType;
        }

        return (left, right) switch
        {
            (null, null) => 0,
            (bool a, bool b) => a.CompareTo(b),
            (long a, long b) => a.CompareTo(b),
            (DateTimeOffset a, DateTimeOffset b) => a.UtcTicks.CompareTo(b.UtcTicks),
            (string a, string b) => CompareUtf8(a, b),
            (byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b),
            (DocumentPath a, DocumentPath b) => CompareSegments(a.Segments, b.Segments),
            (GeoPoint a, GeoPoint b) => a.Latitude != b.Latitude ? CompareDoubles(a.Latitude, b.Latitude) : CompareDoubles(a.Longitude, b.Longitude),
            (IReadOnlyList<object?> a, IReadOnlyList<object?> b) => CompareArrays(a, b),
            (IReadOnlyDictionary<string, object?> a, IReadOnlyDictionary<string, object?> b) => CompareMaps(a, b),
            _ => CompareNumbers(left!, right!),
        };
    }

    public static bool ValueEquals(object? left, object? right)
    {
        if (left is double dl && double.IsNaN(dl))
        {
            return right is double dr && double.IsNaN(dr);
        }

        if (right is double d2 && double.IsNaN(d2))
        {
            return false;
        }

        return TypeOrder(left) == TypeOrder(right) && Compare(left, right) == 0;
    }

    /// <summary>Strings order by their UTF-8 bytes, which is code-point order, not UTF-16 order.</summary>
    public static int CompareUtf8(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] == b[i])
            {
                continue;
            }

            var ca = CodePointAt(a, i);
            var cb = CodePointAt(b, i);
            if (ca != cb)
            {
                return ca.CompareTo(cb);
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    public static int CompareSegments(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var c = CompareUtf8(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    private static int CompareNumbers(object left, object right)
    {
        return (left, right) switch
        {
            (long a, double b) => -CompareDoubleToLong(b, a),
            (double a, long b) => CompareDoubleToLong(a, b),
            (double a, double b) => CompareDoubles(a, b),
            _ => throw new InvalidOperationException("unreachable"),
        };
    }

    /// <summary>NaN sorts before every other number; -0.0 equals 0.0.</summary>
    private static int CompareDoubles(double a, double b)
    {
        if (double.IsNaN(a))
        {
            return double.IsNaN(b) ? 0 : -1;
        }

        if (double.IsNaN(b))
        {
            return 1;
        }

        return a < b ? -1 : a > b ? 1 : 0;
    }

    private static int CompareDoubleToLong(double d, long l)
    {
        if (double.IsNaN(d))
        {
            return -1;
        }

        // Exact comparison: a double beyond 2^53 must not be compared through a lossy conversion of the long.
        if (d < -9.2233720368547758E18)
        {
            return -1;
        }

        if (d >= 9.2233720368547758E18)
        {
            return 1;
        }

        var truncated = (long)Math.Truncate(d);
        if (truncated != l)
        {
            return truncated.CompareTo(l);
        }

        var fraction = d - Math.Truncate(d);
        return fraction > 0 ? 1 : fraction < 0 ? -1 : 0;
    }

    private static int CompareArrays(IReadOnlyList<object?> a, IReadOnlyList<object?> b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var c = Compare(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    private static int CompareMaps(IReadOnlyDictionary<string, object?> a, IReadOnlyDictionary<string, object?> b)
    {
        var keysA = a.Keys.Order(Utf8Comparer.Instance).ToList();
        var keysB = b.Keys.Order(Utf8Comparer.Instance).ToList();
        for (var i = 0; i < Math.Min(keysA.Count, keysB.Count); i++)
        {
            var c = CompareUtf8(keysA[i], keysB[i]);
            if (c != 0)
            {
                return c;
            }

            c = Compare(a[keysA[i]], b[keysB[i]]);
            if (c != 0)
            {
                return c;
            }
        }

        return keysA.Count.CompareTo(keysB.Count);
    }

    private static int CodePointAt(string s, int index) =>
        char.IsSurrogatePair(s, index) ? char.ConvertToUtf32(s, index) : s[index];

    /// <summary>Orders strings as Firestore does (UTF-8 byte order).</summary>
    public sealed class Utf8Comparer : IComparer<string>
    {
        public static readonly Utf8Comparer Instance = new();

        public int Compare(string? x, string? y) => CompareUtf8(x ?? "", y ?? "");
    }

    /// <summary>Orders values as Firestore does.</summary>
    public sealed class ValueComparer : IComparer<object?>
    {
        public static readonly ValueComparer Instance = new();

        int IComparer<object?>.Compare(object? x, object? y) => StoreValues.Compare(x, y);
    }
}
