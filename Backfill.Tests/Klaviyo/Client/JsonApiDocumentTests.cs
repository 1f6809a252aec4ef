using System.Text.Json;
using Backfill.Services.Klaviyo.Client;

namespace Backfill.Tests.Klaviyo.Client;

public sealed class JsonApiDocumentTests
{
    private static JsonApiDocument Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonApiDocument.Parse(document.RootElement.Clone());
    }

    [Fact]
    public void Related_ToOneAndToMany_ResolveThroughIncludedByTypeAndId()
    {
        var page = Parse("""
            {"data":[{"type":"event","id":"E1","relationships":{
                "profile":{"data":{"type":"profile","id":"X"}},
                "attributions":{"data":[{"type":"attribution","id":"X"},{"type":"attribution","id":"missing"}]}}}],
             "included":[{"type":"profile","id":"X","attributes":{"email":"p@x"}},
                         {"type":"attribution","id":"X","attributes":{"n":1}},
                         {"type":"attribution","id":"X","attributes":{"n":2}}]}
            """);
        var resource = Assert.Single(page.Data);

        var profile = Assert.Single(page.Related(resource, "profile"));
        var attribution = Assert.Single(page.Related(resource, "attributions"));

        Assert.Equal("p@x", profile.GetProperty("attributes").GetProperty("email").GetString());
        Assert.Equal(1, attribution.GetProperty("attributes").GetProperty("n").GetInt32());
        Assert.Equal(["X", "missing"], JsonApiDocument.RelatedIds(resource, "attributions"));
        Assert.Empty(page.Related(resource, "metric"));
    }

    [Theory]
    [InlineData("""{"data":[],"links":{"self":"s","next":"https://a.klaviyo.com/api/events?page%5Bcursor%5D=x"}}""", "https://a.klaviyo.com/api/events?page%5Bcursor%5D=x")]
    [InlineData("""{"data":[],"links":{"self":"s","next":null}}""", null)]
    [InlineData("""{"data":[],"links":{"self":"s"}}""", null)]
    [InlineData("""{"data":[]}""", null)]
    [InlineData("""{"data":[],"links":{"next":""}}""", null)]
    public void Next_AbsentNullOrPresent_IsReadVerbatim(string json, string? expected)
    {
        Assert.Equal(expected, Parse(json).Next);
    }

    [Theory]
    [InlineData("""{"data":{"type":"metric-aggregate","id":"x","attributes":{}}}""", 1)]
    [InlineData("""{"data":[{"type":"a","id":"1"},{"id":"2"},{"type":"a"},42,null,{"type":"a","id":"3"}]}""", 2)]
    [InlineData("""{"data":null}""", 0)]
    [InlineData("""{"errors":[]}""", 0)]
    [InlineData("""[]""", 0)]
    public void Data_SingleOrCollection_KeepsOnlyWellFormedResources(string json, int count)
    {
        Assert.Equal(count, Parse(json).Data.Count);
    }
}
