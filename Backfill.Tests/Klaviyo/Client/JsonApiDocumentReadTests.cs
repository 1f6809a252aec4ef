using System.Text;
using System.Text.Json;
using Backfill.Services.Klaviyo.Client;

namespace Backfill.Tests.Klaviyo.Client;

/// <summary>
/// <see cref="JsonApiDocument.Read"/>: a body parsed resource by resource reads exactly as the whole document did, writes
/// back the same JSON, and refuses what is not one JSON value.
/// </summary>
public sealed class JsonApiDocumentReadTests
{
    private const string Page = """
        {"data":[{"type":"event","id":"E1","attributes":{"n":1},"relationships":{"profile":{"data":{"type":"profile","id":"P"}}}},
                 {"type":"event","id":"E2","attributes":{"n":2}},
                 {"no":"type"}],
         "included":[{"type":"profile","id":"P","attributes":{"email":"p@x"}},{"type":"profile","id":"P","attributes":{"email":"second"}}],
         "links":{"self":"s","next":"https://a.klaviyo.com/api/events?page%5Bcursor%5D=x"},
         "meta":{"count":2}}
        """;

    [Fact]
    public void Read_Page_SameDataIncludedAndNextAsTheWholeDocument()
    {
        var read = JsonApiDocument.Read(Encoding.UTF8.GetBytes(Page));
        using var whole = JsonDocument.Parse(Page);
        var parsed = JsonApiDocument.Parse(whole.RootElement.Clone());

        Assert.Equal(parsed.Data.Select(d => d.GetRawText()), read.Data.Select(d => d.GetRawText()));
        Assert.Equal(["E1", "E2"], read.Data.Select(d => d.GetProperty("id").GetString()));
        Assert.Equal(parsed.Next, read.Next);
        Assert.Equal("https://a.klaviyo.com/api/events?page%5Bcursor%5D=x", read.Next);
        var profile = Assert.Single(read.Related(read.Data[0], "profile"));
        Assert.Equal("p@x", profile.GetProperty("attributes").GetProperty("email").GetString());
    }

    [Fact]
    public void WriteTo_WritesBackTheSameJson_MembersInOrder()
    {
        var read = JsonApiDocument.Read(Encoding.UTF8.GetBytes(Page));
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            read.WriteTo(writer);
        }

        using var expected = JsonDocument.Parse(Page);
        using var written = JsonDocument.Parse(buffer.ToArray());
        Assert.True(JsonElement.DeepEquals(expected.RootElement, written.RootElement), Encoding.UTF8.GetString(buffer.ToArray()));
        Assert.Equal(["data", "included", "links", "meta"], written.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Read_SingleResourceData_IsTheOnlyDatum()
    {
        var read = JsonApiDocument.Read("""{"data":{"type":"metric-aggregate","id":"A","attributes":{"dates":["2026-01-01"]}}}"""u8);

        Assert.Equal("A", Assert.Single(read.Data).GetProperty("id").GetString());
        Assert.Null(read.Next);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<html>busy</html>")]
    [InlineData("""{"data":[]} trailing""")]
    [InlineData("""{"data":[{"type":"event","id":"E1"}""")]
    [InlineData("""{"data":[]}{"data":[]}""")]
    public void Read_NotOneJsonValue_ThrowsJsonException(string body)
    {
        Assert.ThrowsAny<JsonException>(() => JsonApiDocument.Read(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Read_RootThatIsNotAnObject_HasNoData_AndWritesBackAsIs()
    {
        var read = JsonApiDocument.Read("[1,2]"u8);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            read.WriteTo(writer);
        }

        Assert.Empty(read.Data);
        Assert.Equal("[1,2]", Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
