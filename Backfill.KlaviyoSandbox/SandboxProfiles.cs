using System.Globalization;

namespace Backfill.KlaviyoSandbox;

internal sealed record SandboxProfile(
    string Id,
    string Email,
    string FirstName,
    string LastName,
    string? PhoneNumber,
    string? ExternalId,
    long ShopifyCustomerId,
    SandboxCity City,
    string Address1,
    DateTimeOffset Created);

/// <summary>Customers are numbered 0..pool; each number always maps to the same person.</summary>
internal static class SandboxProfiles
{
    private static readonly string[] FirstNames =
    [
        "Dana", "Alex", "Maria", "James", "Priya", "Chen", "Olivia", "Noah", "Sofia", "Liam", "Emma", "Mateo", "Ava",
        "Lucas", "Mia", "Ethan", "Hannah", "Omar", "Grace", "Leon", "Jonas", "Lena", "Felix", "Clara", "Sam", "Ruth",
        "Kenji", "Aisha", "Tomás", "Ingrid", "Marcus", "Zoe", "Nadia", "Owen", "Elif", "Hugo", "Maya", "Theo", "Iris", "Finn",
    ];

    private static readonly string[] LastNames =
    [
        "Ortiz", "Nguyen", "Smith", "Johnson", "Patel", "Kim", "Garcia", "Müller", "Schmidt", "Brown", "Rossi", "Cohen",
        "Larsen", "Okafor", "Silva", "Walker", "Young", "Novak", "Hughes", "Fischer", "Weber", "Tanaka", "Lopez", "Moore",
        "Clark", "Lewis", "Baker", "Hall", "Rivera", "Wright", "Scott", "Green", "Adams", "Nelson", "Hill", "Campbell",
        "Mitchell", "Roberts", "Carter", "Phillips",
    ];

    private static readonly string[] Domains = ["example.com", "example.net", "example.org"];

    private static readonly string[] Streets = ["Oak St", "Maple Ave", "Pine Rd", "Cedar Ln", "Main St", "Lindenstraße", "Hauptstraße", "Elm Dr"];

    public static SandboxProfile Get(SandboxCatalog catalog, int customer)
    {
        var rng = new SandboxRandom(SandboxRandom.Hash(catalog.AccountSeed, 0xC0FFEE, (ulong)customer));
        var first = FirstNames[rng.Next(FirstNames.Length)];
        var last = LastNames[rng.Next(LastNames.Length)];
        var city = catalog.Account.Cities[rng.Next(catalog.Account.Cities.Count)];
        var span = catalog.HistoryDays + 300;
        var createdDay = catalog.HistoryStart.AddDays(-300 + (int)((long)span * customer / Math.Max(1, catalog.Account.CustomerPool)));
        var created = catalog.LocalDayStart(createdDay).AddSeconds(rng.Next(86_000));
        var email = string.Concat(Ascii(first), ".", Ascii(last), customer.ToString(CultureInfo.InvariantCulture), "@", Domains[customer % Domains.Length]);
        var shopify = catalog.Account.Shape == SandboxOrderShape.Shopify;
        var customerId = 6_650_000_000L + customer;
        var phone = rng.Chance(0.4) ? "+1555" + (1_000_000 + rng.Next(8_999_999)).ToString(CultureInfo.InvariantCulture) : null;
        return new SandboxProfile(
            SandboxIds.CodedUlid(created, SandboxRandom.Hash(catalog.AccountSeed, 0xC0FFEF, (ulong)customer), customer ^ Mask(catalog)),
            email,
            first,
            last,
            phone,
            shopify ? customerId.ToString(CultureInfo.InvariantCulture) : null,
            customerId,
            city,
            string.Concat((10 + rng.Next(980)).ToString(CultureInfo.InvariantCulture), " ", Streets[rng.Next(Streets.Length)]),
            created);
    }

    /// <summary>The customer number behind a profile id, or null when the id is not one of this account's.</summary>
    public static int? CustomerOf(SandboxCatalog catalog, string profileId)
    {
        if (SandboxIds.DecodeUlidTail(profileId) is not { } code)
        {
            return null;
        }
        var customer = code ^ Mask(catalog);
        if (customer < 0 || customer >= catalog.Account.CustomerPool)
        {
            return null;
        }
        return Get(catalog, (int)customer).Id == profileId ? (int)customer : null;
    }

    private static long Mask(SandboxCatalog catalog) => (long)(catalog.AccountSeed & 0x3FFFFFFFFUL) & ~0xFFFFFL;

    private static string Ascii(string name) =>
        name.ToLowerInvariant().Replace("ü", "ue", StringComparison.Ordinal).Replace("á", "a", StringComparison.Ordinal);
}
