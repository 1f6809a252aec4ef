using Backfill.Web.Components.Layout;
using MudBlazor;
using MudBlazor.Utilities;

namespace Backfill.Tests.Web.Components.Layout;

/// <summary>
/// Every colour the dashboard writes text in, or writes text on, reads at WCAG AA's 4.5:1 in both palettes: as text on
/// the background, surface and drawer (text and outlined buttons, tabs, the active menu entry), under its contrast text
/// (filled chips, buttons, snackbars), and as a standard alert (its "Darken" shade on its hover tint).
/// </summary>
public sealed class BackfillThemeTests
{
    private const double TextMinimum = 4.5;

    public static TheoryData<bool, string> Colours
    {
        get
        {
            var data = new TheoryData<bool, string>();
            foreach (var dark in new[] { false, true })
            {
                foreach (var colour in new[] { "Primary", "Secondary", "Info", "Success", "Warning", "Error" })
                {
                    data.Add(dark, colour);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Colours))]
    public void Colour_AsText_ReadsOnEveryBackground(bool dark, string colour)
    {
        var palette = Palette(dark);
        var text = Colour(palette, colour);

        Assert.All(Backgrounds(palette), background => AssertReads(text, background, $"{colour} on {background}"));
    }

    [Theory]
    [MemberData(nameof(Colours))]
    public void Colour_UnderItsContrastText_Reads(bool dark, string colour)
    {
        var palette = Palette(dark);

        AssertReads(Colour(palette, colour + "ContrastText"), Colour(palette, colour), $"{colour}ContrastText on {colour}");
    }

    [Theory]
    [MemberData(nameof(Colours))]
    public void Colour_AsStandardAlert_Reads(bool dark, string colour)
    {
        var palette = Palette(dark);
        var darken = new MudColor((string)typeof(Palette).GetProperty(colour + "Darken")!.GetValue(palette)!);

        foreach (var background in new[] { palette.Background, palette.Surface })
        {
            var tint = Contrast.Over(Colour(palette, colour), background, palette.HoverOpacity);
            AssertReads(darken, tint, $"{colour}Darken on the {colour} alert");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SecondaryText_OnEveryBackground_Reads(bool dark)
    {
        var palette = Palette(dark);

        Assert.All(Backgrounds(palette), background => AssertReads(palette.TextSecondary, background, "TextSecondary"));
        AssertReads(palette.DrawerText, palette.DrawerBackground, "DrawerText");
        AssertReads(palette.AppbarText, palette.AppbarBackground, "AppbarText");
    }

    private static Palette Palette(bool dark) => dark ? BackfillTheme.Theme.PaletteDark : BackfillTheme.Theme.PaletteLight;

    private static MudColor Colour(Palette palette, string name) => (MudColor)typeof(Palette).GetProperty(name)!.GetValue(palette)!;

    private static MudColor[] Backgrounds(Palette palette) => [palette.Background, palette.Surface, palette.DrawerBackground];

    private static void AssertReads(MudColor text, MudColor background, string what)
    {
        var ratio = Contrast.Ratio(text, background);
        Assert.True(ratio >= TextMinimum, $"{what}: {text} on {background} is {ratio:0.00}:1, below {TextMinimum}:1");
    }
}
