namespace Backfill.KlaviyoSandbox;

/// <summary>
/// One day per account holds two orders no copy can store as they are, as real accounts sometimes do: a wholesale
/// order with hundreds of line items whose event properties are well over Firestore's 1 MiB document limit, and an
/// order whose Klaviyo event id matches Firestore's reserved <c>__.*__</c> pattern. The day is
/// <see cref="DaysBeforeHistoryEnd"/> days before the history ends, outside the last year, so year-long runs and
/// their exact figures are untouched; a history too short to reach it simply has no such day.
/// </summary>
public static class SandboxWholesaleDay
{
    /// <summary>How far before the end of the history the day lies.</summary>
    public const int DaysBeforeHistoryEnd = 400;

    /// <summary>Line items of the wholesale order.</summary>
    public const int WholesaleLineItems = 400;

    /// <summary>The characters of each line item's packing note: 400 of them put the properties past 1 MiB.</summary>
    public const int PackingNoteLength = 3_000;

    /// <summary>The account-local day holding the two orders, for a history ending on <paramref name="historyEnd"/>.</summary>
    public static DateOnly For(DateOnly historyEnd) => historyEnd.AddDays(-DaysBeforeHistoryEnd);

    internal static SandboxOrder[] AddTo(SandboxCatalog catalog, DateOnly day, SandboxOrder[] generated)
    {
        if (day != For(catalog.HistoryEnd) || day < catalog.HistoryStart)
        {
            return generated;
        }

        var start = catalog.LocalDayStart(day).ToUnixTimeSeconds();
        var firstNumber = 1001 + (long)catalog.HistoryIndex(day) * 2000 + 1990;
        var products = catalog.Account.Products;
        var items = new SandboxLineItem[WholesaleLineItems];
        for (var i = 0; i < items.Length; i++)
        {
            var product = i % products.Count;
            items[i] = new SandboxLineItem(product, 12 + (i % 4) * 12, products[product].Price);
        }

        var wholesale = Order(catalog, SandboxIds.Short(SandboxRandom.Hash(catalog.AccountSeed, 0x3401E, (ulong)day.DayNumber), 11), firstNumber,
            start + (10 * 3600) + 17, items, SandboxOrderQuirks.Wholesale);
        var refusedId = Order(catalog, "__" + SandboxIds.Short(SandboxRandom.Hash(catalog.AccountSeed, 0x5E7, (ulong)day.DayNumber), 9) + "__",
            firstNumber + 1, start + (15 * 3600) + 42, [new SandboxLineItem(0, 1, products[0].Price)], SandboxOrderQuirks.None);
        SandboxOrder[] orders = [.. generated, wholesale, refusedId];
        Array.Sort(orders, SandboxOrderDay.Chronological);
        return orders;
    }

    private static SandboxOrder Order(
        SandboxCatalog catalog, string id, long orderNumber, long timestamp, SandboxLineItem[] items, SandboxOrderQuirks quirks)
    {
        var account = catalog.Account;
        var subtotal = items.Sum(i => i.UnitPrice * i.Quantity);
        var tax = Math.Round(subtotal * account.TaxRate, 2, MidpointRounding.AwayFromZero);
        return new SandboxOrder
        {
            Timestamp = timestamp,
            Id = id,
            Secondary = false,
            Customer = 7,
            OrderNumber = orderNumber,
            Items = items,
            Subtotal = subtotal,
            Discount = 0,
            DiscountCode = -1,
            Shipping = 0,
            Tax = tax,
            Value = subtotal + tax,
            Currency = account.Currency,
            SourceName = account.Shape == SandboxOrderShape.CustomApi ? "api" : "shopify_draft_order",
            LandingPage = 0,
            Quirks = quirks | SandboxOrderQuirks.NoLandingSite,
            Noise = SandboxRandom.Hash(catalog.AccountSeed, (ulong)orderNumber),
        };
    }
}
