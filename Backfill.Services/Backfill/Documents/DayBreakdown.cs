namespace Backfill.Services.Backfill.Documents;

/// <summary>
/// One day's revenue and orders broken down by product, category, brand, attribution and UTM source/medium, written
/// in the day's rollup (<c>breakdown</c>) so the viewer sums days instead of scanning orders. Only orders in
/// <see cref="Currency"/> (the rollup's main currency) count, so each dimension's revenue (top entries plus
/// <see cref="BreakdownDimension.OtherRevenue"/>) equals the rollup's <c>revenue</c> exactly.
/// </summary>
public sealed record DayBreakdown(string Currency, IReadOnlyDictionary<string, BreakdownDimension> Dimensions)
{
    /// <summary>How many entries per dimension a day keeps; the rest is summed into "other".</summary>
    public const int TopPerDay = 25;

    public const string Product = "product";
    public const string Category = "category";
    public const string Brand = "brand";

    /// <summary>By the campaign or flow credited (<c>campaign:{id}</c>, <c>flow:{id}</c>) or <c>unattributed</c>.</summary>
    public const string Attribution = "attribution";

    /// <summary>Three fixed entries: <c>campaign</c>, <c>flow</c>, <c>unattributed</c> (never cut, so always exact).</summary>
    public const string Channel = "channel";

    /// <summary>By <c>source / medium</c> of the order's UTM parameters; <c>(none)</c> for either part missing.</summary>
    public const string Utm = "utm";

    public static IReadOnlyList<string> AllDimensions { get; } = [Product, Category, Brand, Attribution, Channel, Utm];

    public static DayBreakdown Empty(string currency) => new(currency, new Dictionary<string, BreakdownDimension>());

    public BreakdownDimension this[string dimension] =>
        Dimensions.TryGetValue(dimension, out var value) ? value : BreakdownDimension.Empty;

    public IReadOnlyDictionary<string, object?> ToFields()
    {
        var fields = new Dictionary<string, object?> { ["currency"] = Currency };
        foreach (var (name, dimension) in Dimensions)
        {
            fields[name] = dimension.ToFields();
        }

        return fields;
    }

    /// <summary>The stored breakdown, or null for a rollup written before breakdowns existed.</summary>
    public static DayBreakdown? FromFields(IReadOnlyDictionary<string, object?> rollupFields)
    {
        ArgumentNullException.ThrowIfNull(rollupFields);
        var map = rollupFields.Map("breakdown");
        if (map.Count == 0)
        {
            return null;
        }

        var dimensions = new Dictionary<string, BreakdownDimension>(StringComparer.Ordinal);
        foreach (var name in AllDimensions)
        {
            if (map.TryGetValue(name, out var value) && value is IReadOnlyDictionary<string, object?> dimension)
            {
                dimensions[name] = BreakdownDimension.FromFields(dimension);
            }
        }

        return new DayBreakdown(map.String("currency") ?? "", dimensions);
    }
}

/// <summary>The kept entries of one dimension (largest revenue first) and the sum of the rest.</summary>
public sealed record BreakdownDimension(IReadOnlyList<BreakdownEntry> Top, decimal OtherRevenue, long OtherOrders)
{
    public static BreakdownDimension Empty { get; } = new([], 0, 0);

    public decimal Revenue => Top.Sum(e => e.Revenue) + OtherRevenue;

    public IReadOnlyDictionary<string, object?> ToFields() => new Dictionary<string, object?>
    {
        ["top"] = Top.Select(e => (object?)new Dictionary<string, object?>
        {
            ["key"] = e.Key,
            ["name"] = e.Name,
            ["revenue"] = e.Revenue,
            ["orders"] = e.Orders,
        }).ToList(),
        ["other_revenue"] = OtherRevenue,
        ["other_orders"] = OtherOrders,
    };

    public static BreakdownDimension FromFields(IReadOnlyDictionary<string, object?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new BreakdownDimension(
            [.. fields.Maps("top").Select(e => new BreakdownEntry(e.String("key") ?? "", e.String("name") ?? e.String("key") ?? "", e.Money("revenue") ?? 0, e.Long("orders")))],
            fields.Money("other_revenue") ?? 0,
            fields.Long("other_orders"));
    }
}

/// <summary>
/// One product, category, brand, message or UTM pair: its share of the revenue and the orders it appears in. An order
/// with several products counts once for each, so a product dimension's orders add up to more than the day's orders;
/// revenue never double counts (an order's value is shared out over its lines).
/// </summary>
public sealed record BreakdownEntry(string Key, string Name, decimal Revenue, long Orders);
