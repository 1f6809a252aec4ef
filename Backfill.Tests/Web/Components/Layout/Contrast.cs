using MudBlazor.Utilities;

namespace Backfill.Tests.Web.Components.Layout;

/// <summary>WCAG 2.1's contrast ratio (relative luminance), with a translucent colour first laid over its background.</summary>
internal static class Contrast
{
    public static double Ratio(MudColor foreground, MudColor background)
    {
        var shown = Over(foreground, background);
        var (lighter, darker) = (Luminance(shown), Luminance(background)) is var (a, b) && a > b ? (a, b) : (b, a);
        return (lighter + 0.05) / (darker + 0.05);
    }

    /// <summary><paramref name="color"/> at <paramref name="opacity"/> over an opaque background, as the browser paints it.</summary>
    public static MudColor Over(MudColor color, MudColor background, double? opacity = null)
    {
        var alpha = opacity ?? color.APercentage;
        byte Mix(byte top, byte bottom) => (byte)Math.Round(top * alpha + bottom * (1 - alpha));
        return new MudColor(Mix(color.R, background.R), Mix(color.G, background.G), Mix(color.B, background.B), (byte)255);
    }

    private static double Luminance(MudColor color) =>
        0.2126 * Channel(color.R) + 0.7152 * Channel(color.G) + 0.0722 * Channel(color.B);

    private static double Channel(byte value)
    {
        var c = value / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }
}
