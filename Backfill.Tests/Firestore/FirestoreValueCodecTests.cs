using System.Buffers;
using System.Text;
using System.Text.Json;
using Backfill.Services.Firestore;
using Backfill.Services.Storage;

namespace Backfill.Tests.Firestore;

public sealed class FirestoreValueCodecTests
{
    private static readonly FirestoreResourceNames Names = new("proj", "(default)");

    public static TheoryData<string, object?, string> EncodedValues => new()
    {
        { "null", null, """{"nullValue":null}""" },
        { "true", true, """{"booleanValue":true}""" },
        { "false", false, """{"booleanValue":false}""" },
        { "zero", 0L, """{"integerValue":"0"}""" },
        { "int64 max", long.MaxValue, """{"integerValue":"9223372036854775807"}""" },
        { "int64 min", long.MinValue, """{"integerValue":"-9223372036854775808"}""" },
        { "double", 1.5, """{"doubleValue":1.5}""" },
        { "double precision", 0.1 + 0.2, """{"doubleValue":0.30000000000000004}""" },
        { "NaN", double.NaN, """{"doubleValue":"NaN"}""" },
        { "+Infinity", double.PositiveInfinity, """{"doubleValue":"Infinity"}""" },
        { "-Infinity", double.NegativeInfinity, """{"doubleValue":"-Infinity"}""" },
        { "timestamp", new DateTimeOffset(2024, 12, 25, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_567), """{"timestampValue":"2024-12-25T10:00:00.123456Z"}""" },
        { "timestamp with offset", new DateTimeOffset(2024, 12, 25, 12, 0, 0, TimeSpan.FromHours(2)), """{"timestampValue":"2024-12-25T10:00:00.000000Z"}""" },
        { "string", "hello", """{"stringValue":"hello"}""" },
        { "unicode string", "Zoë 😀 日本", """{"stringValue":"Zo\u00EB \uD83D\uDE00 \u65E5\u672C"}""" },
        { "empty string", "", """{"stringValue":""}""" },
        { "bytes", new byte[] { 1, 2, 3, 255 }, """{"bytesValue":"AQID/w=="}""" },
        { "reference", DocumentPath.Of("clients", "acme"), """{"referenceValue":"projects/proj/databases/(default)/documents/clients/acme"}""" },
        { "geo point", new GeoPoint(37.7, -122.4), """{"geoPointValue":{"latitude":37.7,"longitude":-122.4}}""" },
        { "empty array", new List<object?>(), """{"arrayValue":{}}""" },
        { "array", new List<object?> { 1L, "a", null }, """{"arrayValue":{"values":[{"integerValue":"1"},{"stringValue":"a"},{"nullValue":null}]}}""" },
        { "empty map", new Dictionary<string, object?>(), """{"mapValue":{}}""" },
        { "map with raw keys", new Dictionary<string, object?> { ["a.b"] = 1L, ["with space"] = true, ["back`tick"] = "x" },
            """{"mapValue":{"fields":{"a.b":{"integerValue":"1"},"with space":{"booleanValue":true},"back`tick":{"stringValue":"x"}}}}""" },
    };

    [Theory]
    [MemberData(nameof(EncodedValues))]
    public void WriteValue_NormalisedValue_ProducesFirestoreJson(string name, object? value, string expected)
    {
        var json = Encode(value);

        Assert.True(JsonElement.DeepEquals(Parse(expected), Parse(json)), $"{name}: {json}");
    }

    [Theory]
    [MemberData(nameof(EncodedValues))]
    public void ReadValue_EncodedValue_RoundTripsExactly(string name, object? value, string _)
    {
        var read = FirestoreValueCodec.ReadValue(Parse(Encode(value)));

        Assert.True(StoreValues.ValueEquals(StoreValues.Normalize(value), read), name);
    }

    [Theory]
    [InlineData("""{"integerValue":"42"}""", 42L)]
    [InlineData("""{"integerValue":42}""", 42L)]
    [InlineData("""{"integerValue":"-9223372036854775808"}""", long.MinValue)]
    [InlineData("""{"doubleValue":2}""", 2.0)]
    [InlineData("""{"doubleValue":"Infinity"}""", double.PositiveInfinity)]
    [InlineData("""{"booleanValue":false}""", false)]
    public void ReadValue_NumberOrString_Accepted(string json, object expected)
    {
        Assert.Equal(expected, FirestoreValueCodec.ReadValue(Parse(json)));
    }

    [Fact]
    public void ReadValue_NaNString_ReturnsNaN()
    {
        Assert.True(double.IsNaN((double)FirestoreValueCodec.ReadValue(Parse("""{"doubleValue":"NaN"}"""))!));
    }

    [Theory]
    [InlineData("2024-12-25T10:00:00.123456789Z", "2024-12-25T10:00:00.1234560+00:00")]
    [InlineData("2024-12-25T10:00:00.1Z", "2024-12-25T10:00:00.1000000+00:00")]
    [InlineData("2024-12-25T10:00:00Z", "2024-12-25T10:00:00.0000000+00:00")]
    [InlineData("2024-12-25T12:00:00.5+02:00", "2024-12-25T10:00:00.5000000+00:00")]
    public void ParseTimestamp_AnyPrecisionOrOffset_TruncatesToUtcMicroseconds(string text, string expected)
    {
        var parsed = FirestoreValueCodec.ParseTimestamp(text);

        Assert.Equal(expected, parsed.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
    }

    [Fact]
    public void ParseTimestamp_NoZone_Throws()
    {
        Assert.Throws<StoreException>(() => FirestoreValueCodec.ParseTimestamp("2024-12-25T10:00:00"));
    }

    [Fact]
    public void FormatTimestamp_SubMicrosecondTicks_Truncated()
    {
        var value = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(9_999_999);

        Assert.Equal("2024-01-01T00:00:00.999999Z", FirestoreValueCodec.FormatTimestamp(value));
    }

    [Fact]
    public void ReadValue_UrlSafeBase64_Decoded()
    {
        var bytes = (byte[])FirestoreValueCodec.ReadValue(Parse("""{"bytesValue":"-_8"}"""))!;

        Assert.Equal(new byte[] { 0xfb, 0xff }, bytes);
    }

    [Fact]
    public void ReadValue_ReferenceOfOtherDatabase_ReturnsItsPath()
    {
        var value = FirestoreValueCodec.ReadValue(Parse("""{"referenceValue":"projects/other/databases/named/documents/a/b/c/d"}"""));

        Assert.Equal(DocumentPath.Of("a", "b", "c", "d"), value);
    }

    [Fact]
    public void ReadValue_NestedMapAndArray_ProducesReadOnlyShapes()
    {
        var json = """{"mapValue":{"fields":{"items":{"arrayValue":{"values":[{"mapValue":{"fields":{"sku":{"stringValue":"A"}}}},{"mapValue":{}}]}},"empty":{"arrayValue":{}}}}}""";

        var map = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(FirestoreValueCodec.ReadValue(Parse(json)));

        var items = Assert.IsAssignableFrom<IReadOnlyList<object?>>(map["items"]);
        Assert.Equal("A", Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(items[0])["sku"]);
        Assert.Empty(Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(items[1]));
        Assert.Empty(Assert.IsAssignableFrom<IReadOnlyList<object?>>(map["empty"]));
    }

    [Fact]
    public void WriteValue_UnnormalisedInt_WrittenAsInteger()
    {
        Assert.Equal("""{"integerValue":"7"}""", Encode(7));
    }

    [Fact]
    public void WriteValue_UnsupportedType_Throws()
    {
        Assert.Throws<UnsupportedValueException>(() => Encode(new object()));
    }

    [Fact]
    public void ReadValue_NoKnownMember_Throws()
    {
        Assert.Throws<StoreException>(() => FirestoreValueCodec.ReadValue(Parse("""{"futureValue":1}""")));
    }

    private static string Encode(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            FirestoreValueCodec.WriteValue(writer, value, Names);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;
}
