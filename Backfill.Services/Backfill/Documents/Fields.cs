using System.Globalization;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Documents;

/// <summary>Typed reads of stored field values, tolerant of absent fields and of numbers stored as long or double.</summary>
internal static class Fields
{
    public static string? String(this IReadOnlyDictionary<string, object?> fields, string name) =>
        fields.TryGetValue(name, out var value) ? value as string : null;

    public static long Long(this IReadOnlyDictionary<string, object?> fields, string name) =>
        fields.TryGetValue(name, out var value) ? value switch
        {
            long l => l,
            double d when double.IsFinite(d) => (long)d,
            _ => 0,
        } : 0;

    public static int? NullableInt(this IReadOnlyDictionary<string, object?> fields, string name) =>
        fields.TryGetValue(name, out var value) && value is long l ? (int)Math.Clamp(l, int.MinValue, int.MaxValue) : null;

    public static bool Bool(this IReadOnlyDictionary<string, object?> fields, string name) =>
        fields.TryGetValue(name, out var value) && value is true;

    /// <summary>Money is stored as a double; every amount we store has at most a few decimals, so the nearest decimal is exact.</summary>
    public static decimal? Money(this IReadOnlyDictionary<string, object?> fields, string name) =>
        fields.TryGetValue(name, out var value) ? value switch
        {
            long l => l,
            double d when double.IsFinite(d) => ToMoney(d),
            _ => null,
        } : null;

    public static decimal ToMoney(double value) => Math.Round((decimal)value, 6);

    /// <summary>A map of currency → amount, such as <c>revenue_by_currency</c>.</summary>
    public static Dictionary<string, decimal> MoneyMap(this IReadOnlyDictionary<string, object?> fields, string name) =>
        fields.Map(name).ToDictionary(p => p.Key, p => p.Value is double d ? ToMoney(d) : p.Value is long l ? l : 0m, StringComparer.Ordinal);

    public static DateTimeOffset? Time(this IReadOnlyDictionary<string, object?> fields, string name) =>
        fields.TryGetValue(name, out var value) && value is DateTimeOffset t ? t : null;

    public static DateOnly? Date(this IReadOnlyDictionary<string, object?> fields, string name) =>
        fields.String(name) is { } text && DateOnly.TryParseExact(text, DataLayout.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    public static IReadOnlyDictionary<string, object?> Map(this IReadOnlyDictionary<string, object?> fields, string name) =>
        fields.TryGetValue(name, out var value) && value is IReadOnlyDictionary<string, object?> map ? map : Empty;

    public static IReadOnlyList<object?> List(this IReadOnlyDictionary<string, object?> fields, string name) =>
        fields.TryGetValue(name, out var value) && value is IReadOnlyList<object?> list ? list : [];

    public static IReadOnlyList<string> Strings(this IReadOnlyDictionary<string, object?> fields, string name) =>
        [.. fields.List(name).OfType<string>()];

    public static IEnumerable<IReadOnlyDictionary<string, object?>> Maps(this IReadOnlyDictionary<string, object?> fields, string name) =>
        fields.List(name).OfType<IReadOnlyDictionary<string, object?>>();

    public static string? Format(DateOnly? date) => date is { } d ? DataLayout.FormatDate(d) : null;

    private static readonly IReadOnlyDictionary<string, object?> Empty = new Dictionary<string, object?>();
}
