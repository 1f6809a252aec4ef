using System.Text;
using System.Text.Json;
using Backfill.Services.Klaviyo.Client;

namespace Backfill.Tests.Klaviyo.Client;

/// <summary>
/// A large event is mapped from its id, times and relationships alone (not parsed whole while its page is read): it
/// must map to exactly what the whole resource maps to.
/// </summary>
public sealed class EventHeaderTests
{
    private static readonly string Padding = new('p', EventHeader.ScanAbove);

    public static TheoryData<string> LargeResources => new()
    {
        // Members in any order, the big properties before and after the ones read, escapes in the values.
        $$$$$"""{"type":"event","attributes":{"event_properties":{"note":"{{{{{Padding}}}}}"},"datetime":"2025-03-04T10:00:00+00:00","timestamp":1741082400},"id":"EV\u0031","relationships":{"profile":{"data":{"type":"profile","id":"P1"}},"attributions":{"data":[{"type":"attribution","id":"A1"},{"type":"attribution","id":"A2"}]}}}""",
        // Only a timestamp; repeated names (the last one counts); nested objects named like the members read.
        $$$$$"""{"id":"X","type":"event","id":"EV2","relationships":{"profile":{"data":null}},"attributes":{"datetime":"not a date"},"attributes":{"timestamp":1741082400,"event_properties":{"id":"inner","datetime":"2020-01-01T00:00:00Z","note":"{{{{{Padding}}}}}"}},"relationships":{"profile":{"data":{"type":"profile","id":"P1"}}}}""",
        // Attributes that are not an object, relationships absent.
        $$$$$"""{"id":"EV3","type":"event","attributes":null,"meta":{"note":"{{{{{Padding}}}}}"}}""",
    };

    [Theory]
    [MemberData(nameof(LargeResources))]
    public void Event_LargeResource_MapsAsTheWholeResourceDoes(string resource)
    {
        var body = $$$$$"""{"data":[{{{{{resource}}}}}],"included":[{"type":"profile","id":"P1","attributes":{"email":"a@example.com"}},{"type":"attribution","id":"A1"},{"type":"attribution","id":"A2"}]}""";
        var page = JsonApiDocument.Read(Encoding.UTF8.GetBytes(body));
        var utf8 = page.DataUtf8.Count > 0 ? page.DataUtf8[0] : Encoding.UTF8.GetBytes(resource);
        Assert.True(utf8.Length > EventHeader.ScanAbove);
        var whole = JsonApiDocument.ParseElement(utf8);

        var header = EventHeader.Of(utf8);

        Assert.True(header.GetRawText().Length < 1_000, header.GetRawText());
        Assert.Equal(whole.String("id"), header.String("id"));
        var wholeAttributes = whole.Object("attributes") ?? default;
        var headerAttributes = header.Object("attributes") ?? default;
        Assert.Equal(wholeAttributes.DateTime("datetime"), headerAttributes.DateTime("datetime"));
        Assert.Equal(wholeAttributes.Decimal("timestamp"), headerAttributes.Decimal("timestamp"));
        Assert.Equal(page.RelatedUtf8(whole, "profile"), page.RelatedUtf8(header, "profile"));
        Assert.Equal(page.RelatedUtf8(whole, "attributions"), page.RelatedUtf8(header, "attributions"));
        var mapped = KlaviyoResourceMapper.Event(utf8, page);
        var placeable = wholeAttributes.DateTime("datetime") is not null || wholeAttributes.Decimal("timestamp") is not null;
        Assert.Equal(placeable ? whole.String("id") : null, mapped?.Id);
    }

    [Fact]
    public void Of_SmallResource_IsTheWholeResource()
    {
        var utf8 = Encoding.UTF8.GetBytes("""{"id":"EV1","attributes":{"datetime":"2025-03-04T10:00:00+00:00","event_properties":{"$value":1}}}""");

        Assert.Equal(JsonApiDocument.ParseElement(utf8).GetRawText(), EventHeader.Of(utf8).GetRawText());
    }
}
