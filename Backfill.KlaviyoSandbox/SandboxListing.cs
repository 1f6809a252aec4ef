using System.Globalization;

namespace Backfill.KlaviyoSandbox;

/// <summary>Filtering helpers shared by campaigns and flows.</summary>
internal static class SandboxListing
{
    public static bool Compare(SandboxFilterTerm term, DateTimeOffset? value)
    {
        if (term.Value.Kind != SandboxFilterValueKind.DateTime)
        {
            throw SandboxApiException.InvalidFilter();
        }
        if (value is null)
        {
            return false;
        }
        var cmp = value.Value.CompareTo(term.Value.Instant);
        return term.Operator switch
        {
            "equals" => cmp == 0,
            "greater-than" => cmp > 0,
            "greater-or-equal" => cmp >= 0,
            "less-than" => cmp < 0,
            _ => cmp <= 0,
        };
    }

    public static bool Text(SandboxFilterTerm term, string value)
    {
        switch (term.Operator)
        {
            case "any":
                if (term.Value.Kind != SandboxFilterValueKind.List || term.Value.Items.Any(i => i.Kind != SandboxFilterValueKind.String))
                {
                    throw SandboxApiException.InvalidFilter();
                }
                return term.Value.Items.Any(i => i.Text == value);
            default:
                if (term.Value.Kind != SandboxFilterValueKind.String)
                {
                    throw SandboxApiException.InvalidFilter();
                }
                return term.Operator switch
                {
                    "equals" => value == term.Value.Text,
                    "contains" => value.Contains(term.Value.Text, StringComparison.Ordinal),
                    "starts-with" => value.StartsWith(term.Value.Text, StringComparison.Ordinal),
                    _ => value.EndsWith(term.Value.Text, StringComparison.Ordinal),
                };
        }
    }

    public static bool Boolean(SandboxFilterTerm term, bool value)
    {
        if (term.Value.Kind != SandboxFilterValueKind.Boolean)
        {
            throw SandboxApiException.InvalidFilter();
        }
        return value == term.Value.Boolean;
    }

    /// <summary>One page of a sorted listing at an offset cursor, with the cursors of the next and previous pages.</summary>
    public static (List<T> Page, string? Next, string? Prev) Page<T>(List<T> sorted, int offset, int size) =>
        (sorted.Skip(offset).Take(size).ToList(),
         offset + size < sorted.Count ? SandboxQuery.EncodeOffset(offset + size) : null,
         offset > 0 ? SandboxQuery.EncodeOffset(Math.Max(0, offset - size)) : null);

    public static List<T> Sort<T>(IEnumerable<T> items, string? sort, IReadOnlyDictionary<string, Func<T, IComparable?>> keys, string defaultSort, Func<T, string> id)
    {
        var key = sort ?? defaultSort;
        var descending = key.StartsWith('-');
        var name = descending ? key[1..] : key;
        if (!keys.TryGetValue(name, out var selector))
        {
            var valid = string.Join(", ", keys.Keys.SelectMany(k => new[] { k, "-" + k }));
            throw SandboxApiException.Invalid(string.Create(CultureInfo.InvariantCulture, $"'{key}' is not a valid sort. Valid sorts are: {valid}."), "sort");
        }
        var ordered = descending
            ? items.OrderByDescending(selector, Comparer<IComparable?>.Default)
            : items.OrderBy(selector, Comparer<IComparable?>.Default);
        return [.. ordered.ThenBy(id, StringComparer.Ordinal)];
    }
}
