using Backfill.Services.Storage;

namespace Backfill.Tests.Storage;

public sealed class PathTests
{
    [Fact]
    public void DocumentPath_Parse_SplitsIntoSegmentsAndParents()
    {
        var path = DocumentPath.Parse("clients/acme/klaviyo/data");

        Assert.Equal(["clients", "acme", "klaviyo", "data"], path.Segments);
        Assert.Equal("data", path.Id);
        Assert.Equal("clients/acme/klaviyo", path.Parent.Value);
        Assert.Equal("clients/acme", path.Parent.Parent!.Value);
        Assert.Null(CollectionPath.Of("clients").Parent);
    }

    [Theory]
    [InlineData("clients")]
    [InlineData("clients/acme/orders")]
    [InlineData("clients//acme")]
    [InlineData("/clients/acme")]
    [InlineData("clients/acme/")]
    [InlineData("clients/..")]
    [InlineData("clients/__x__")]
    public void DocumentPath_Parse_InvalidPath_Throws(string path)
    {
        Assert.Throws<InvalidPathException>(() => DocumentPath.Parse(path));
    }

    [Fact]
    public void DocumentPath_TooDeep_Throws()
    {
        var path = string.Join('/', Enumerable.Range(0, 102).Select(i => $"s{i}"));

        Assert.Throws<InvalidPathException>(() => DocumentPath.Parse(path));
    }

    [Fact]
    public void DocumentPath_Equality_IsBySegments()
    {
        Assert.Equal(DocumentPath.Parse("a/b"), CollectionPath.Of("a").Document("b"));
        Assert.NotEqual(DocumentPath.Parse("a/b"), DocumentPath.Parse("a/c"));
        Assert.True(DocumentPath.Parse("a/b/c/d").IsDescendantOf(DocumentPath.Parse("a/b")));
        Assert.False(DocumentPath.Parse("a/bc/c/d").IsDescendantOf(DocumentPath.Parse("a/b")));
    }

    [Theory]
    [InlineData(new[] { "simple" }, "simple")]
    [InlineData(new[] { "utm", "source" }, "utm.source")]
    [InlineData(new[] { "with space" }, "`with space`")]
    [InlineData(new[] { "m", "x&y" }, "m.`x&y`")]
    [InlineData(new[] { "bak`tik" }, "`bak\\`tik`")]
    [InlineData(new[] { "back\\slash" }, "`back\\\\slash`")]
    [InlineData(new[] { "9starts" }, "`9starts`")]
    [InlineData(new[] { "a.b" }, "`a.b`")]
    public void FieldPath_Encoded_QuotesSegmentsThatNeedIt(string[] segments, string expected)
    {
        Assert.Equal(expected, FieldPath.Of(segments).Encoded);
    }
}
