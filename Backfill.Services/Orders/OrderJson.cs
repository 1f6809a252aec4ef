using System.Text.Json;
using Backfill.Services.Klaviyo.Client;

namespace Backfill.Services.Orders;

/// <summary>Alias-aware reads: integrations name the same thing differently, the first present alias wins.</summary>
internal static class OrderJson
{
    public static string? FirstString(JsonElement? element, params string[] names)
    {
        if (element is not { } value)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (value.String(name) is { } text)
            {
                return text;
            }
        }

        return null;
    }

    public static decimal? FirstDecimal(JsonElement? element, params string[] names)
    {
        if (element is not { } value)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (value.Decimal(name) is { } number)
            {
                return number;
            }
        }

        return null;
    }

    /// <summary>A list of strings from an array (strings or numbers), or from one comma-separated string.</summary>
    public static IReadOnlyList<string> Strings(JsonElement? element, params string[] names)
    {
        if (element is not { } value)
        {
            return [];
        }

        foreach (var name in names)
        {
            switch (value.Property(name))
            {
                case { ValueKind: JsonValueKind.Array } array:
                    var items = array.EnumerateArray().Select(i => i.AsText()).OfType<string>().ToList();
                    if (items.Count > 0)
                    {
                        return items;
                    }

                    break;
                case { ValueKind: JsonValueKind.String } text when text.AsText() is { } joined:
                    return [.. joined.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
            }
        }

        return [];
    }

    /// <summary>A whole, non-negative count; "2", 2 and 2.0 read as 2, anything else as null.</summary>
    public static int? Count(decimal? number) =>
        number is { } n && n >= 0 && n <= int.MaxValue && decimal.Truncate(n) == n ? (int)n : null;

    public static IReadOnlyList<string> Distinct(IEnumerable<string?> values) =>
        [.. values.OfType<string>().Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
}
