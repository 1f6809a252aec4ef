using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;

namespace Backfill.Tests.Storage.Embedded;

public sealed class FieldCodecTests
{
    public static TheoryData<string> Doubles => new() { "0.1", "-0", "1", "1E-310", "1.7976931348623157E+308", "NaN", "Infinity", "-Infinity", "123456789.123456789" };

    [Theory]
    [MemberData(nameof(Doubles))]
    public void Decode_Double_RoundTripsBitExact(string text)
    {
        var value = double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        var decoded = FieldCodec.Decode(FieldCodec.Encode(new Dictionary<string, object?> { ["d"] = value }))["d"];

        var d = Assert.IsType<double>(decoded);
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(d));
    }

    [Fact]
    public void Decode_EveryType_RoundTripsWithItsType()
    {
        var time = StoreValues.TruncateToMicroseconds(new DateTimeOffset(1969, 7, 20, 20, 17, 40, 123, TimeSpan.Zero).AddTicks(4560));
        var fields = StoreValues.NormalizeFields(new Dictionary<string, object?>
        {
            ["null"] = null,
            ["bool"] = true,
            ["long"] = long.MinValue,
            ["double"] = 1.0,
            ["time"] = time,
            ["string"] = "héllo \"😀\" \u0001",
            ["bytes"] = new byte[] { 0, 1, 255 },
            ["ref"] = DocumentPath.Parse("a/b/c/d"),
            ["geo"] = new GeoPoint(-33.5, 151.25),
            ["list"] = new object?[] { 1, "x", null, new Dictionary<string, object?> { ["k"] = 2.5 } },
            ["map"] = new Dictionary<string, object?> { ["z"] = 1, ["a"] = new Dictionary<string, object?>(), ["e"] = Array.Empty<object?>() },
            ["dotted.name"] = "ok",
        });

        var decoded = FieldCodec.Decode(FieldCodec.Encode(fields));

        Assert.Null(decoded["null"]);
        Assert.Equal(true, decoded["bool"]);
        Assert.Equal(long.MinValue, Assert.IsType<long>(decoded["long"]));
        Assert.Equal(1.0, Assert.IsType<double>(decoded["double"]));
        Assert.Equal(time, Assert.IsType<DateTimeOffset>(decoded["time"]));
        Assert.Equal("héllo \"😀\" \u0001", decoded["string"]);
        Assert.Equal(new byte[] { 0, 1, 255 }, decoded["bytes"]);
        Assert.Equal(DocumentPath.Parse("a/b/c/d"), decoded["ref"]);
        Assert.Equal(new GeoPoint(-33.5, 151.25), decoded["geo"]);
        Assert.Equal("ok", decoded["dotted.name"]);
        var list = Assert.IsAssignableFrom<IReadOnlyList<object?>>(decoded["list"]);
        Assert.Equal(1L, list[0]);
        Assert.Null(list[2]);
        Assert.Equal(2.5, Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(list[3])["k"]);
        var map = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(decoded["map"]);
        Assert.Empty(Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(map["a"]));
        Assert.Empty(Assert.IsAssignableFrom<IReadOnlyList<object?>>(map["e"]));
        Assert.True(StoreValues.ValueEquals(fields["map"], decoded["map"]));
    }

    [Fact]
    public void Encode_SameFieldsInAnotherOrder_GivesSameBytes()
    {
        var a = new Dictionary<string, object?> { ["a"] = 1L, ["b"] = new Dictionary<string, object?> { ["x"] = 1L, ["y"] = 2L } };
        var b = new Dictionary<string, object?> { ["b"] = new Dictionary<string, object?> { ["y"] = 2L, ["x"] = 1L }, ["a"] = 1L };

        Assert.Equal(FieldCodec.Encode(a), FieldCodec.Encode(b));
    }

    [Fact]
    public void Decode_Projection_StopsBeforeTheBigFields()
    {
        // An order's shape: its raw JSON and many line items sort (by key) between the small fields a refund lookup reads.
        var fields = new Dictionary<string, object?>
        {
            ["value"] = 12.5,
            ["raw_properties"] = new string('x', 5_000),
            ["line_items"] = Enumerable.Range(0, 20).Select(i => (object?)new Dictionary<string, object?> { ["sku"] = $"sku-{i}" }).ToList(),
            ["event_id"] = "e-1",
            ["refunds"] = new List<object?> { new Dictionary<string, object?> { ["amount"] = 2.5 } },
            ["currency"] = "EUR",
        };
        var encoded = FieldCodec.Encode(fields);
        var json = System.Text.Encoding.UTF8.GetString(encoded);
        var big = Math.Min(json.IndexOf("\"raw_properties\"", StringComparison.Ordinal), json.IndexOf("\"line_items\"", StringComparison.Ordinal));

        // Cut off where the big fields begin: a projected read of the small ones must not need the rest.
        var decoded = FieldCodec.Decode(encoded.AsSpan(0, big), new HashSet<string>(StringComparer.Ordinal) { "value", "event_id", "refunds", "currency" });

        Assert.Equal(["currency", "event_id", "refunds", "value"], decoded.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(12.5, decoded["value"]);
        Assert.True(StoreValues.ValueEquals(fields["refunds"], decoded["refunds"]));
        Assert.True(StoreValues.ValueEquals(fields["line_items"], FieldCodec.Decode(encoded)["line_items"]));
    }
}
