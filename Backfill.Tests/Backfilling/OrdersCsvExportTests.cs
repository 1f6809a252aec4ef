using Backfill.Services.Backfill.Data;

namespace Backfill.Tests.Backfilling;

public sealed class OrdersCsvExportTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("+1 555", "'+1 555")]
    [InlineData("-10%", "'-10%")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tTAB", "\"'\tTAB\"")]
    [InlineData("Bob;=cmd", "\"Bob;=cmd\"")]
    [InlineData("\uFF1DSUM(A1)", "'\uFF1DSUM(A1)")]
    [InlineData("mid=dle", "mid=dle")]
    public void Text_QuotesAndDefusesFormulas(string? value, string expected) =>
        Assert.Equal(expected, OrdersCsvExport.Text(value));

    [Fact]
    public void List_DefusesEveryElementAndQuotesTheCell() =>
        Assert.Equal("\"SAVE10;'=1+1;'@x\"", OrdersCsvExport.List(["SAVE10", "=1+1", "@x"]));
}
