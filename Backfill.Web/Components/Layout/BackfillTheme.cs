using MudBlazor;

namespace Backfill.Web.Components.Layout;

/// <summary>The MudBlazor theme of the app.</summary>
internal static class BackfillTheme
{
    // The system font stack: the app runs offline, so no web fonts are fetched from the internet.
    private static readonly string[] SystemFonts =
        ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "Noto Sans", "Liberation Sans", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = SystemFonts },
        },
    };
}
