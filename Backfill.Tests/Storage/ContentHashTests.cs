using Backfill.Services.Storage;

namespace Backfill.Tests.Storage;

public sealed class ContentHashTests
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>(StringComparer.Ordinal);

    private static IReadOnlyDictionary<string, object?> Order(decimal value = 10m, string sku = "A", string? stamp = "t1") =>
        StoreValues.NormalizeFields(new Dictionary<string, object?>
        {
            ["value"] = value,
            ["line_items"] = new List<object?> { new Dictionary<string, object?> { ["sku"] = sku, ["quantity"] = 1 } },
            ["customer"] = new Dictionary<string, object?> { ["email"] = "a@example.com", ["city"] = null },
            ["backfilled_at"] = stamp,
        });

    [Fact]
    public void SameContent_InAnyKeyOrder_HashesAlike()
    {
        var reordered = StoreValues.NormalizeFields(new Dictionary<string, object?>
        {
            ["backfilled_at"] = "t1",
            ["customer"] = new Dictionary<string, object?> { ["city"] = null, ["email"] = "a@example.com" },
            ["line_items"] = new List<object?> { new Dictionary<string, object?> { ["quantity"] = 1L, ["sku"] = "A" } },
            ["value"] = 10.0,
        });

        Assert.Equal(ContentHash.Of(Order(), None), ContentHash.Of(reordered, None));
        Assert.Matches("^[A-Za-z0-9_-]{22}$", ContentHash.Of(Order(), None));
    }

    [Fact]
    public void AChangeAnywhere_ChangesTheHash_ButNotInAnExcludedField()
    {
        var hash = ContentHash.Of(Order(), None);

        Assert.NotEqual(hash, ContentHash.Of(Order(value: 10.01m), None));
        Assert.NotEqual(hash, ContentHash.Of(Order(sku: "B"), None));
        Assert.NotEqual(hash, ContentHash.Of(Order(stamp: "t2"), None));
        var excluded = new HashSet<string>(StringComparer.Ordinal) { "backfilled_at" };
        Assert.Equal(ContentHash.Of(Order(), excluded), ContentHash.Of(Order(stamp: "t2"), excluded));
    }

    [Fact]
    public void ValuesThatPrintAlike_OrRunTogether_HashApart()
    {
        static string Of(params (string Key, object? Value)[] fields) =>
            ContentHash.Of(StoreValues.NormalizeFields(fields.ToDictionary(f => f.Key, f => f.Value)), None);

        Assert.NotEqual(Of(("a", 1L)), Of(("a", 1.0)));
        Assert.NotEqual(Of(("a", "1")), Of(("a", 1L)));
        Assert.NotEqual(Of(("a", null)), Of(("a", "")));
        Assert.NotEqual(Of(("a", "bc"), ("d", "")), Of(("a", "b"), ("d", "c")));
        Assert.NotEqual(Of(("a", new List<object?> { "x", "y" })), Of(("a", new List<object?> { "xy" })));
        Assert.NotEqual(Of(("a", new List<object?>())), Of(("a", new Dictionary<string, object?>())));
    }
    /// <summary>
    /// Every stored order carries its hash, and a refresh compares it with the hash of what it reads: a change to how the
    /// hash is computed would make every stored order look changed. The value was computed by the first implementation.
    /// </summary>
    [Fact]
    public void TheHashOfAKnownDocument_IsTheOneStoredCopiesCarry()
    {
        var fields = new Dictionary<string, object?>
        {
            ["event_id"] = "e1",
            ["value"] = 12.5,
            ["count"] = 3L,
            ["ok"] = true,
            ["none"] = null,
            ["placed_at"] = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            ["line_items"] = new List<object?> { new Dictionary<string, object?> { ["sku"] = "A", ["qty"] = 2L } },
            ["raw_properties"] = new string('x', 20_000) + "é",
            ["bytes"] = new byte[] { 1, 2, 3 },
            ["backfilled_at"] = DateTimeOffset.UnixEpoch,
        };

        Assert.Equal("avVZWi7AvJQJZcUChOK0lw", ContentHash.Of(fields, new HashSet<string>(StringComparer.Ordinal) { "backfilled_at" }));
    }
}
