using Backfill.Services.Backfill.Documents;
using Backfill.Services.Orders;

namespace Backfill.Services.Backfill.Engine;

/// <summary>
/// Sums one day's orders into its <see cref="DayBreakdown"/>. An order's value is shared out over its lines (by line
/// total, else by quantity, else equally), and a line's share over its categories or brands, in cents with the
/// remainder on the last part: every dimension adds up to the day's revenue exactly, whatever the rounding.
/// </summary>
internal static class DayBreakdownBuilder
{
    private const string None = "(none)";

    public static DayBreakdown Build(IEnumerable<Order> orders, string currency)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var sums = DayBreakdown.AllDimensions.ToDictionary(d => d, _ => new Sums(), StringComparer.Ordinal);
        foreach (var order in orders.Where(o => string.Equals(o.Currency, currency, StringComparison.Ordinal)))
        {
            AddLines(order, sums);
            var (attribution, attributionName, channel) = order.Attribution switch
            {
                { Kind: OrderAttributionKind.Flow, FlowId: { } flow } => ("flow:" + flow, flow, "flow"),
                { Kind: OrderAttributionKind.Campaign, CampaignId: { } campaign } => ("campaign:" + campaign, campaign, "campaign"),
                _ => ("unattributed", "Unattributed", "unattributed"),
            };
            sums[DayBreakdown.Attribution].Add(order, attribution, attributionName, order.Value);
            sums[DayBreakdown.Channel].Add(order, channel, channel, order.Value);
            var utm = $"{Text(order.Utm.Source)} / {Text(order.Utm.Medium)}";
            sums[DayBreakdown.Utm].Add(order, utm, utm, order.Value);
        }

        return new DayBreakdown(currency, sums.ToDictionary(p => p.Key, p => p.Value.Cut(DayBreakdown.TopPerDay), StringComparer.Ordinal));
    }

    private static void AddLines(Order order, Dictionary<string, Sums> sums)
    {
        var lines = order.LineItems;
        if (lines.Count == 0)
        {
            // Nothing to share out: the order still counts, under "(none)", so the sums reconcile.
            foreach (var dimension in new[] { DayBreakdown.Product, DayBreakdown.Category, DayBreakdown.Brand })
            {
                sums[dimension].Add(order, None, "No line items", order.Value);
            }

            return;
        }

        var shares = Share(order.Value, Weights(lines));
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var key = Text(line.ProductId ?? line.Sku ?? line.Name);
            sums[DayBreakdown.Product].Add(order, key, line.Name ?? key, shares[i]);

            IReadOnlyList<string> categories = line.Categories.Count > 0 ? line.Categories : order.Categories.Count > 0 ? order.Categories : [None];
            AddSplit(sums[DayBreakdown.Category], order, categories, shares[i]);

            IReadOnlyList<string> brands = line.Brand is { Length: > 0 } brand ? [brand] : order.Brands.Count > 0 ? order.Brands : [None];
            AddSplit(sums[DayBreakdown.Brand], order, brands, shares[i]);
        }
    }

    private static void AddSplit(Sums sums, Order order, IReadOnlyList<string> keys, decimal amount)
    {
        var parts = Share(amount, [.. keys.Select(_ => 1m)]);
        for (var i = 0; i < keys.Count; i++)
        {
            sums.Add(order, keys[i], keys[i], parts[i]);
        }
    }

    // Line totals when every line has a positive one, else quantities, else one each.
    private static decimal[] Weights(IReadOnlyList<OrderLineItem> lines)
    {
        var totals = lines.Select(l => l.LineTotal ?? (l.UnitPrice * l.Quantity)).ToArray();
        if (totals.All(t => t is > 0))
        {
            return [.. totals.Select(t => t!.Value)];
        }

        return [.. lines.Select(l => l.Quantity is int q && q > 0 ? q : 1m)];
    }

    /// <summary><paramref name="amount"/> in parts proportional to <paramref name="weights"/>, rounded to cents, adding up exactly.</summary>
    internal static decimal[] Share(decimal amount, IReadOnlyList<decimal> weights)
    {
        var parts = new decimal[weights.Count];
        var total = weights.Sum();
        var given = 0m;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            parts[i] = total == 0 ? 0 : Math.Round(amount * weights[i] / total, 2, MidpointRounding.AwayFromZero);
            given += parts[i];
        }

        parts[^1] = amount - given;
        return parts;
    }

    private static string Text(string? value) => string.IsNullOrWhiteSpace(value) ? None : value;

    private sealed class Sums
    {
        private readonly Dictionary<string, (string Name, decimal Revenue, HashSet<string> Orders)> _entries = new(StringComparer.Ordinal);

        public void Add(Order order, string key, string name, decimal revenue)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = (name, 0, new HashSet<string>(StringComparer.Ordinal));
            }

            entry.Orders.Add(order.EventId);
            _entries[key] = entry with { Revenue = entry.Revenue + revenue };
        }

        public BreakdownDimension Cut(int keep)
        {
            var ranked = _entries
                .Select(p => new BreakdownEntry(p.Key, p.Value.Name, p.Value.Revenue, p.Value.Orders.Count))
                .OrderByDescending(e => e.Revenue).ThenBy(e => e.Key, StringComparer.Ordinal)
                .ToList();
            var rest = ranked.Skip(keep).ToList();
            return new BreakdownDimension([.. ranked.Take(keep)], rest.Sum(e => e.Revenue), rest.Sum(e => e.Orders));
        }
    }
}
