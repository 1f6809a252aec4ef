namespace Backfill.KlaviyoSandbox;

/// <summary>How an account's Placed Order events are shaped.</summary>
internal enum SandboxOrderShape
{
    Shopify,
    CustomApi,
}

internal sealed record SandboxProduct(long ProductId, string Title, string Sku, decimal Price, string Category, string Vendor);

internal sealed record SandboxCity(string City, string Region, string RegionCode, string Country, string CountryCode, string Zip, string TimeZone);

/// <summary>The fixed character of one demo account; everything else is generated from it and the seed.</summary>
internal sealed record SandboxAccountDefinition(
    string Slug,
    string AccountId,
    string Name,
    string Industry,
    string TimeZoneId,
    string Currency,
    string Locale,
    string WebsiteDomain,
    SandboxOrderShape Shape,
    double OrdersPerDay,
    int CustomerPool,
    int CampaignCount,
    int EmailListSize,
    decimal FreeShippingThreshold,
    decimal ShippingPrice,
    decimal TaxRate,
    string? ForeignCurrency,
    double ForeignCurrencyShare,
    bool HasSecondaryPlacedOrder,
    IReadOnlyList<SandboxProduct> Products,
    IReadOnlyList<SandboxCity> Cities,
    IReadOnlyList<string> DiscountCodes)
{
    public string ApiKey => "pk_sandbox_" + Slug;

    public TimeZoneInfo TimeZone { get; } = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);
}

internal static class SandboxAccountDefinitions
{
    /// <summary>
    /// The three fixed demo accounts. The accounts a sandbox serves are these and its generated ones
    /// (<see cref="SandboxAccounts"/>); look accounts up there.
    /// </summary>
    public static IReadOnlyList<SandboxAccountDefinition> Fixed { get; } =
    [
        new(
            "rogue-creamery", "RgCrm1", "Rogue Creamery", "Food & Beverage", "America/Los_Angeles", "USD", "en-US",
            "roguecreamery.example.com", SandboxOrderShape.Shopify, OrdersPerDay: 38, CustomerPool: 9000,
            CampaignCount: 150, EmailListSize: 24000, FreeShippingThreshold: 125m, ShippingPrice: 14.95m, TaxRate: 0m,
            ForeignCurrency: null, ForeignCurrencyShare: 0, HasSecondaryPlacedOrder: true,
            Products:
            [
                new(7100001, "Rogue River Blue", "RRB-1LB", 44.00m, "Blue Cheese", "Rogue Creamery"),
                new(7100002, "Smokey Blue", "SMB-HALF", 24.00m, "Blue Cheese", "Rogue Creamery"),
                new(7100003, "Oregonzola", "ORZ-HALF", 21.00m, "Blue Cheese", "Rogue Creamery"),
                new(7100004, "Caveman Blue", "CVB-HALF", 22.50m, "Blue Cheese", "Rogue Creamery"),
                new(7100005, "Crater Lake Blue", "CLB-HALF", 23.00m, "Blue Cheese", "Rogue Creamery"),
                new(7100006, "Bluehorn", "BHN-HALF", 26.00m, "Blue Cheese", "Rogue Creamery"),
                new(7100007, "TouVelle", "TVL-HALF", 18.50m, "Table Cheese", "Rogue Creamery"),
                new(7100008, "Mount Mazama Cheddar", "MMZ-HALF", 17.00m, "Cheddar", "Rogue Creamery"),
                new(7100009, "Cheese Lover's Gift Box", "GIFT-LOVER", 89.00m, "Gift Boxes", "Rogue Creamery"),
                new(7100010, "Blue Heaven Gift Box", "GIFT-BLUE", 129.00m, "Gift Boxes", "Rogue Creamery"),
                new(7100011, "Pear & Blue Pairing Set", "PAIR-PEAR", 64.00m, "Gift Boxes", "Rogue Creamery"),
                new(7100012, "Wildflower Honey", "HNY-WILD", 12.00m, "Pantry", "Bee Local"),
                new(7100013, "Rosemary Crackers", "CRK-ROSE", 8.50m, "Pantry", "Rustic Bakery"),
                new(7100014, "Cheese Club (3 months)", "CLUB-3M", 195.00m, "Cheese Club", "Rogue Creamery"),
            ],
            Cities:
            [
                new("Portland", "Oregon", "OR", "United States", "US", "97205", "America/Los_Angeles"),
                new("Seattle", "Washington", "WA", "United States", "US", "98101", "America/Los_Angeles"),
                new("San Francisco", "California", "CA", "United States", "US", "94110", "America/Los_Angeles"),
                new("Los Angeles", "California", "CA", "United States", "US", "90026", "America/Los_Angeles"),
                new("Denver", "Colorado", "CO", "United States", "US", "80205", "America/Denver"),
                new("Chicago", "Illinois", "IL", "United States", "US", "60614", "America/Chicago"),
                new("Austin", "Texas", "TX", "United States", "US", "78704", "America/Chicago"),
                new("Brooklyn", "New York", "NY", "United States", "US", "11215", "America/New_York"),
                new("Boston", "Massachusetts", "MA", "United States", "US", "02116", "America/New_York"),
                new("Central Point", "Oregon", "OR", "United States", "US", "97502", "America/Los_Angeles"),
            ],
            DiscountCodes: ["WELCOME10", "BLUE15", "HOLIDAY20", "FREESHIP", "CHEESECLUB"]),
        new(
            "northloop-outfitters", "NthLp2", "Northloop Outfitters", "Apparel & Accessories", "America/New_York", "USD",
            "en-US", "northloop.example.com", SandboxOrderShape.Shopify, OrdersPerDay: 300, CustomerPool: 90000,
            CampaignCount: 320, EmailListSize: 180000, FreeShippingThreshold: 99m, ShippingPrice: 8.00m, TaxRate: 0.06m,
            ForeignCurrency: "CAD", ForeignCurrencyShare: 0.03, HasSecondaryPlacedOrder: false,
            Products:
            [
                new(8200001, "Merino Crew Sock", "SOCK-M", 16.00m, "Socks", "Northloop"),
                new(8200002, "Trail Runner 2", "TR2", 128.00m, "Footwear", "Northloop"),
                new(8200003, "Ridge Rain Shell", "SHELL-R", 189.00m, "Outerwear", "Northloop"),
                new(8200004, "Summit Down Jacket", "DOWN-S", 279.00m, "Outerwear", "Northloop"),
                new(8200005, "Basecamp Fleece", "FLC-B", 89.00m, "Midlayers", "Northloop"),
                new(8200006, "Canyon Hiking Pant", "PANT-C", 79.00m, "Bottoms", "Northloop"),
                new(8200007, "Alpine Beanie", "BEAN-A", 28.00m, "Accessories", "Northloop"),
                new(8200008, "Daypack 24L", "PACK-24", 119.00m, "Packs", "Granite Gear"),
                new(8200009, "Trail Tee", "TEE-T", 34.00m, "Tops", "Northloop"),
                new(8200010, "Camp Mug", "MUG-C", 18.00m, "Camp", "Northloop"),
                new(8200011, "Headlamp 400", "HL-400", 42.00m, "Camp", "Black Diamond"),
                new(8200012, "Gift Card", "GIFT-50", 50.00m, "Gift Cards", "Northloop"),
            ],
            Cities:
            [
                new("Minneapolis", "Minnesota", "MN", "United States", "US", "55401", "America/Chicago"),
                new("Brooklyn", "New York", "NY", "United States", "US", "11211", "America/New_York"),
                new("Burlington", "Vermont", "VT", "United States", "US", "05401", "America/New_York"),
                new("Boulder", "Colorado", "CO", "United States", "US", "80302", "America/Denver"),
                new("Asheville", "North Carolina", "NC", "United States", "US", "28801", "America/New_York"),
                new("Bend", "Oregon", "OR", "United States", "US", "97701", "America/Los_Angeles"),
                new("Salt Lake City", "Utah", "UT", "United States", "US", "84101", "America/Denver"),
                new("Atlanta", "Georgia", "GA", "United States", "US", "30307", "America/New_York"),
                new("Toronto", "Ontario", "ON", "Canada", "CA", "M5V 2T6", "America/Toronto"),
                new("Vancouver", "British Columbia", "BC", "Canada", "CA", "V6B 1A1", "America/Vancouver"),
            ],
            DiscountCodes: ["TRAIL10", "SUMMIT20", "BFCM25", "WELCOME15", "FREESHIP"]),
        new(
            "alder-and-ash", "AldAsh", "Alder & Ash", "Home & Garden", "Europe/Berlin", "EUR", "de-DE",
            "alderandash.example.com", SandboxOrderShape.CustomApi, OrdersPerDay: 4, CustomerPool: 1200,
            CampaignCount: 40, EmailListSize: 3500, FreeShippingThreshold: 60m, ShippingPrice: 4.90m, TaxRate: 0m,
            ForeignCurrency: null, ForeignCurrencyShare: 0, HasSecondaryPlacedOrder: false,
            Products:
            [
                new(9300001, "Beeswax Taper Candles (pair)", "CND-TAP", 14.90m, "Candles", "Alder & Ash"),
                new(9300002, "Stoneware Mug, Moss", "MUG-MOSS", 24.00m, "Ceramics", "Töpferei Lind"),
                new(9300003, "Linen Tea Towel", "TWL-LIN", 16.50m, "Textiles", "Alder & Ash"),
                new(9300004, "Oak Serving Board", "BRD-OAK", 39.00m, "Kitchen", "Holzwerk Nord"),
                new(9300005, "Hand-thrown Vase", "VAS-HT", 58.00m, "Ceramics", "Töpferei Lind"),
                new(9300006, "Wool Throw, Fjord", "THR-FJ", 119.00m, "Textiles", "Alder & Ash"),
            ],
            Cities:
            [
                new("Berlin", "Berlin", "BE", "Germany", "DE", "10115", "Europe/Berlin"),
                new("Hamburg", "Hamburg", "HH", "Germany", "DE", "20095", "Europe/Berlin"),
                new("München", "Bayern", "BY", "Germany", "DE", "80331", "Europe/Berlin"),
                new("Köln", "Nordrhein-Westfalen", "NW", "Germany", "DE", "50667", "Europe/Berlin"),
                new("Wien", "Wien", "W", "Austria", "AT", "1010", "Europe/Vienna"),
            ],
            DiscountCodes: ["HALLO10", "WINTER15", "TREUE5"]),
    ];
}
