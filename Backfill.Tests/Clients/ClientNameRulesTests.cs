using Backfill.Services.Clients;

namespace Backfill.Tests.Clients;

public sealed class ClientNameRulesTests
{
    [Theory]
    [InlineData("Rogue Creamery")]
    [InlineData("Café Münster")]
    [InlineData("Cafe\u0301 Mu\u0308nster")]
    [InlineData("Łódź Foods")]
    [InlineData("東京ストア")]
    [InlineData("ร้านกาแฟ")]
    [InlineData("שָׁלוֹם")]
    [InlineData("O'Brien & Sons (EU)")]
    [InlineData("Acme ☕")]
    [InlineData(" Acme ")]
    public void Check_RealNames_AreAccepted(string name)
    {
        Assert.Null(ClientNameRules.Check(name));
    }

    [Theory]
    [InlineData("Rogue\u200BCreamery", "U+200B")]
    [InlineData("Rogue\u200CCreamery", "U+200C")]
    [InlineData("Rogue\u200DCreamery", "U+200D")]
    [InlineData("Rogue\u2060Creamery", "U+2060")]
    [InlineData("\uFEFFRogue", "U+FEFF")]
    [InlineData("Rogue\u00ADCreamery", "U+00AD")]
    [InlineData("Rogue\u2028Creamery", "U+2028")]
    [InlineData("Rogue\u2029Creamery", "U+2029")]
    [InlineData("Rogue\u00A0Creamery", "U+00A0")]
    [InlineData("Rogue\u3000Creamery", "U+3000")]
    [InlineData("Rogue\u2002Creamery", "U+2002")]
    [InlineData("Rogue\u180ECreamery", "U+180E")]
    [InlineData("Rogue\u3164Creamery", "U+3164")]
    [InlineData("Rogue\u034FCreamery", "U+034F")]
    [InlineData("Rogue\u2800Creamery", "U+2800")]
    [InlineData("Rogue\U000E0041Creamery", "U+E0041")]
    [InlineData("Rogue\uE000Creamery", "U+E000")]
    [InlineData("Rogue\uFFFF", "U+FFFF")]
    [InlineData("\u202Eemca", "U+202E")]
    [InlineData("Ac\u0007me", "U+0007")]
    [InlineData("Acme\n", "U+000A")]
    [InlineData("Acme\u00A0", "U+00A0")]
    public void Check_InvisibleOrSeparatorCharacter_IsRefusedNamingIt(string name, string codePoint)
    {
        var error = ClientNameRules.Check(name);

        Assert.NotNull(error);
        Assert.Contains(codePoint, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(100)]
    [InlineData(150)]
    public void Check_RunOfCombiningMarks_IsRefused(int marks)
    {
        // 'x' has no precomposed accented form, so NFC keeps every mark.
        var name = "Rogue x" + new string('\u0301', marks);

        Assert.Contains("combining marks", ClientNameRules.Check(name), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ThreeCombiningMarks_AreAccepted()
    {
        Assert.Null(ClientNameRules.Check("Rogue x\u0301\u0302\u0303"));
    }

    [Fact]
    public void Check_LoneSurrogate_IsRefused()
    {
        Assert.Equal("a name must be valid Unicode text", ClientNameRules.Check("Acme\uD800"));
    }

    [Fact]
    public void Check_LengthIsCountedAfterNfc()
    {
        var decomposed = string.Concat(Enumerable.Repeat("e\u0301", 200));

        Assert.Null(ClientNameRules.Check(decomposed));
        Assert.Contains("at most 200", ClientNameRules.Check(decomposed + "e"), StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_DecomposedName_IsTrimmedNfc()
    {
        Assert.Equal("Caf\u00E9 M\u00FCnster", ClientNameRules.Normalize("  Cafe\u0301 Mu\u0308nster "));
    }
}
