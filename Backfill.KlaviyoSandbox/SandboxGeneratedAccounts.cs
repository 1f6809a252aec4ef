using System.Globalization;

namespace Backfill.KlaviyoSandbox;

/// <summary>
/// Makes the accounts of <see cref="SandboxGeneratedAccountsOptions"/> from its seed. Nothing is written per account:
/// each one takes a fixed demo account as its template (products, discount codes, order shape, shipping) and a
/// <see cref="SandboxRegion"/> (timezone, currency, locale), picks its cities from the fixed accounts' cities in its
/// timezone, and draws its size. Account n's character depends on the seed and n only, except which accounts are large.
/// </summary>
public static class SandboxGeneratedAccounts
{
    /// <summary>Prefix of every generated slug.</summary>
    public const string SlugPrefix = "gen-";

    /// <summary>The slug of generated account <paramref name="number"/> (1-based): <c>gen-0001</c>.</summary>
    public static string Slug(int number) => SlugPrefix + number.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The number of a generated slug within <paramref name="count"/> accounts, or null when it is not one.</summary>
    public static int? NumberOf(string slug, int count)
    {
        ArgumentNullException.ThrowIfNull(slug);
        return slug.Length == SlugPrefix.Length + 4
            && slug.StartsWith(SlugPrefix, StringComparison.OrdinalIgnoreCase)
            && int.TryParse(slug.AsSpan(SlugPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number >= 1 && number <= count
                ? number
                : null;
    }

    /// <summary>The generated accounts as hosts and benchmarks see them.</summary>
    public static IReadOnlyList<SandboxGeneratedAccount> Describe(SandboxGeneratedAccountsOptions options) =>
        [.. Build(options).Select(g => new SandboxGeneratedAccount(
            g.Definition.Slug, g.Definition.Name, g.Definition.ApiKey, g.Definition.TimeZoneId, g.Definition.Currency,
            g.Definition.OrdersPerDay, g.Size))];

    internal static IReadOnlyList<(SandboxAccountDefinition Definition, SandboxGeneratedAccountSize Size)> Build(SandboxGeneratedAccountsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var count = Math.Clamp(options.Count, 0, SandboxGeneratedAccountsOptions.MaxCount);
        var seed = (ulong)options.Seed;

        // The large ones are the accounts ranked highest by a seeded hash: spread through the fleet, not its first few.
        var large = Enumerable.Range(1, count)
            .OrderByDescending(n => SandboxRandom.Hash(seed, 0x1A26E, (ulong)n))
            .Take(options.EffectiveLargeCount)
            .ToHashSet();
        return [.. Enumerable.Range(1, count).Select(n => Generate(seed, n, large.Contains(n)))];
    }

    private static (SandboxAccountDefinition, SandboxGeneratedAccountSize) Generate(ulong seed, int number, bool large)
    {
        var rng = new SandboxRandom(SandboxRandom.Hash(seed, 0x6E4, (ulong)number));
        var fixedAccounts = SandboxAccountDefinitions.Fixed;
        var template = large ? fixedAccounts.First(a => a.Slug == "northloop-outfitters") : rng.Pick(fixedAccounts);
        var region = rng.Pick(SandboxRegion.All);
        var size = large ? SandboxGeneratedAccountSize.Large : rng.Chance(0.2) ? SandboxGeneratedAccountSize.Medium : SandboxGeneratedAccountSize.Small;
        var ordersPerDay = size switch
        {
            SandboxGeneratedAccountSize.Large => template.OrdersPerDay,
            SandboxGeneratedAccountSize.Medium => Math.Round(20 * Math.Pow(4, rng.NextDouble()), 1),
            _ => Math.Round(Math.Pow(20, rng.NextDouble()), 1),
        };

        var slug = Slug(number);
        var cities = Cities(region, template, ref rng);
        var products = Products(template, large, ref rng);
        var name = string.Create(CultureInfo.InvariantCulture, $"{cities[^1].City} {products[0].Category} {number:D4}");
        var foreign = region.ForeignCurrency is not null && rng.Chance(0.5) ? region.ForeignCurrency : null;
        var definition = new SandboxAccountDefinition(
            slug,
            SandboxIds.Short(SandboxRandom.Hash(seed, 0xAC1D, (ulong)number), 6),
            name,
            template.Industry,
            region.TimeZoneId,
            region.Currency,
            region.Locale,
            slug + ".example.com",
            template.Shape,
            OrdersPerDay: ordersPerDay,
            CustomerPool: large ? template.CustomerPool : Math.Max(400, (int)(ordersPerDay * 300)),
            CampaignCount: large ? template.CampaignCount : Math.Clamp(15 + (int)(ordersPerDay * 1.5) + rng.Next(10), 15, 200),
            EmailListSize: large ? template.EmailListSize : 1500 + (int)(ordersPerDay * 600),
            template.FreeShippingThreshold,
            template.ShippingPrice,
            template.TaxRate,
            ForeignCurrency: foreign,
            ForeignCurrencyShare: foreign is null ? 0 : Math.Round(0.02 + (0.03 * rng.NextDouble()), 3),
            HasSecondaryPlacedOrder: !large && template.HasSecondaryPlacedOrder,
            products,
            cities,
            template.DiscountCodes);
        return (definition, size);
    }

    /// <summary>The fixed accounts' cities in the region's timezone; the template's own where there are fewer than three.</summary>
    private static List<SandboxCity> Cities(SandboxRegion region, SandboxAccountDefinition template, ref SandboxRandom rng)
    {
        var local = SandboxAccountDefinitions.Fixed.SelectMany(a => a.Cities)
            .Where(c => c.TimeZone == region.TimeZoneId)
            .DistinctBy(c => (c.City, c.Zip))
            .ToList();
        var pool = local.Count >= 3 ? local : [.. local, .. template.Cities.Where(c => !local.Contains(c))];
        var take = Math.Min(pool.Count, 3 + rng.Next(5));
        var start = rng.Next(pool.Count);
        return [.. Enumerable.Range(0, take).Select(i => pool[(start + i) % pool.Count])];
    }

    /// <summary>A seeded subset (at least four, in the template's order) of the template's products; large accounts keep all.</summary>
    private static List<SandboxProduct> Products(SandboxAccountDefinition template, bool large, ref SandboxRandom rng)
    {
        if (large)
        {
            return [.. template.Products];
        }
        var keep = Math.Min(template.Products.Count, 4 + rng.Next(template.Products.Count - 3));
        var chosen = new List<SandboxProduct>(template.Products);
        while (chosen.Count > keep)
        {
            chosen.RemoveAt(rng.Next(chosen.Count));
        }
        return chosen;
    }
}
