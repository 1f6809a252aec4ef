using System.Globalization;
using Backfill.Services.Storage;

namespace Backfill.Benchmarks;

/// <summary>
/// Deterministic, order-shaped documents (~2 KB: ids, value, currency, customer, 3–6 line items, UTM, timestamps),
/// generated one at a time so 100,000 of them never sit in memory together.
/// </summary>
internal static class OrderDocuments
{
    private static readonly string[] Currencies = ["EUR", "USD", "GBP", "SEK"];
    private static readonly string[] Sources = ["klaviyo", "google", "facebook", "newsletter", "direct"];
    private static readonly string[] Categories = ["shoes", "shirts", "outdoor", "kids", "sale", "new", "gifts"];
    private static readonly string[] Cities = ["Berlin", "Lyon", "Austin", "Leeds", "Malmö", "Porto"];

    public sealed record Order(Write Write, long ValueCents);

    public static IEnumerable<Order> Generate(CollectionPath collection, int count, int seed = 42)
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            // Plain arithmetic seeds: HashCode.Combine is randomised per process and collides within 100k values.
            var random = new Random(unchecked((seed * 1_000_003) + i));
            var id = DocumentId(random, i);
            var created = start.AddSeconds(random.Next(0, 365 * 24 * 3600)).AddTicks(random.Next(0, 10_000_000));
            var items = new List<object?>();
            long totalCents = 0;
            var lines = random.Next(3, 7);
            for (var line = 0; line < lines; line++)
            {
                var quantity = random.Next(1, 4);
                var priceCents = random.Next(499, 25_000);
                totalCents += quantity * priceCents;
                items.Add(new Dictionary<string, object?>
                {
                    ["sku"] = $"SKU-{random.Next(100_000, 999_999)}",
                    ["product_id"] = $"prod_{random.Next(1, 50_000)}",
                    ["name"] = $"Product {random.Next(1, 50_000)} in colour {random.Next(1, 40)}, size {random.Next(34, 48)}",
                    ["quantity"] = quantity,
                    ["price"] = priceCents / 100.0,
                    ["price_cents"] = priceCents,
                    ["categories"] = new[] { Categories[random.Next(Categories.Length)], Categories[random.Next(Categories.Length)] },
                    ["url"] = $"https://shop.example.com/products/{random.Next(1, 50_000)}",
                    ["image_url"] = $"https://cdn.example.com/images/{random.Next(1, 50_000)}/{random.Next(100_000)}.jpg",
                });
            }

            var fields = new Dictionary<string, object?>
            {
                ["event_id"] = id,
                ["order_id"] = $"ord_{i:D8}",
                ["metric_id"] = "PlacedOrder",
                ["profile_id"] = $"01H{random.NextInt64(1_000_000_000_000, 9_999_999_999_999)}",
                ["value"] = totalCents / 100.0,
                ["value_cents"] = totalCents,
                ["currency"] = Currencies[random.Next(Currencies.Length)],
                ["status"] = "placed",
                ["item_count"] = items.Count,
                ["customer"] = new Dictionary<string, object?>
                {
                    ["id"] = $"cust_{random.Next(1, 1_000_000)}",
                    ["email"] = $"customer{random.Next(1, 1_000_000)}@example.com",
                    ["first_name"] = "Alex",
                    ["last_name"] = "Example",
                    ["phone"] = $"+49{random.NextInt64(1_000_000_000, 9_999_999_999)}",
                    ["city"] = Cities[random.Next(Cities.Length)],
                    ["country"] = "DE",
                    ["zip"] = random.Next(10_000, 99_999).ToString(CultureInfo.InvariantCulture),
                    ["accepts_marketing"] = random.Next(2) == 0,
                },
                ["items"] = items,
                ["utm"] = new Dictionary<string, object?>
                {
                    ["source"] = Sources[random.Next(Sources.Length)],
                    ["medium"] = "email",
                    ["campaign"] = $"campaign_{random.Next(1, 300)}",
                    ["content"] = $"block_{random.Next(1, 20)}",
                    ["term"] = null,
                },
                ["discount_codes"] = random.Next(4) == 0 ? new[] { $"SAVE{random.Next(5, 30)}" } : Array.Empty<string>(),
                ["created_at"] = created,
                ["updated_at"] = created.AddMinutes(random.Next(0, 600)),
                ["datetime"] = created.ToString("O", CultureInfo.InvariantCulture),
                ["imported_at"] = start,
            };

            yield return new Order(Write.Set(collection.Document(id), fields), totalCents);
        }
    }

    /// <summary>20-character ids like Firestore's auto-ids (random prefix: no hot key range), unique by their index suffix.</summary>
    private static string DocumentId(Random random, int index)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        Span<char> id = stackalloc char[20];
        for (var i = 0; i < 12; i++)
        {
            id[i] = alphabet[random.Next(alphabet.Length)];
        }

        index.ToString("x8", CultureInfo.InvariantCulture).AsSpan().CopyTo(id[12..]);
        return new string(id);
    }
}
