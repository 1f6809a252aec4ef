using Backfill.Services.Clients;
using Backfill.Services.Storage;

namespace Backfill.Tests.Clients;

public sealed class ClientNameLookAlikesTests
{
    private static readonly (ClientId Id, string Name)[] Existing =
    [
        (ClientId.Parse("rogue-creamery"), "Rogue Creamery"),
        (ClientId.Parse("alder-and-ash"), "Alder & Ash"),
    ];

    [Theory]
    [InlineData("R\u043Egue Creamery")]
    [InlineData("Rogue \u0421r\u0435amery")]
    [InlineData("R\u03BFgue Creamery")]
    [InlineData("ROGUE CREAMERY")]
    [InlineData("rogue creamery")]
    [InlineData("Rogue  Creamery")]
    [InlineData("\uFF32\uFF4F\uFF47\uFF55\uFF45 Creamery")]
    [InlineData("R0gue Creamery")]
    [InlineData("Rogue Crearnery")]
    [InlineData("Rogue Creamery")]
    public void Warning_NameThatReadsLikeAnExistingOne_NamesThatClient(string name)
    {
        var warning = ClientNameLookAlikes.Warning(name, Existing);

        Assert.NotNull(warning);
        Assert.Contains("'Rogue Creamery' (rogue-creamery)", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AIder & Ash")]
    [InlineData("Alder & Ash")]
    [InlineData("A1der & Ash")]
    public void Warning_CapitalIOrDigitOneForL_IsALookAlike(string name)
    {
        Assert.Contains("(alder-and-ash)", ClientNameLookAlikes.Warning(name, Existing), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Rogue Dairy")]
    [InlineData("Rogue Creamery West")]
    [InlineData("Rogue-Creamery")]
    [InlineData("Northloop Outfitters")]
    public void Warning_DifferentName_IsNull(string name)
    {
        Assert.Null(ClientNameLookAlikes.Warning(name, Existing));
    }

    [Fact]
    public void Skeleton_CyrillicAndLatinSpellings_AreEqual()
    {
        Assert.Equal(ClientNameLookAlikes.Skeleton("Rogue Creamery"), ClientNameLookAlikes.Skeleton("R\u043Egu\u0435 \u0421r\u0435\u0430m\u0435ry"));
    }
}
