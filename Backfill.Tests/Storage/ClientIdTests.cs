using Backfill.Services.Storage;

namespace Backfill.Tests.Storage;

public sealed class ClientIdTests
{
    [Theory]
    [InlineData("rogue-creamery")]
    [InlineData("a")]
    [InlineData("9lives")]
    [InlineData("snake_case_client")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789-abcdefghijklmnopqrstuvwxyz")]
    public void Parse_ValidId_Accepts(string value)
    {
        var id = ClientId.Parse(value);

        Assert.Equal(value, id.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("Acme")]
    [InlineData("-leading-dash")]
    [InlineData("_leading")]
    [InlineData("has space")]
    [InlineData("ünicode")]
    [InlineData("аcme")]
    [InlineData("a.b")]
    [InlineData("..")]
    [InlineData("acme\n")]
    [InlineData("acme\r\n")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789-abcdefghijklmnopqrstuvwxyz0")]
    public void Parse_InvalidId_ThrowsWithReason(string? value)
    {
        var error = Assert.Throws<InvalidClientIdException>(() => ClientId.Parse(value));

        Assert.Equal(StoreErrorCode.InvalidArgument, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Reason));
    }

    [Fact]
    public void Parse_VeryLongId_ShortensItInTheMessage()
    {
        var error = Assert.Throws<InvalidClientIdException>(() => ClientId.Parse(new string('a', 200)));

        Assert.Contains("at most 63", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 300);
    }
}
