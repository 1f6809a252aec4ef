using MudBlazor;

namespace Backfill.Web.Components.Layout;

/// <summary>The MudBlazor theme of the app.</summary>
internal static class BackfillTheme
{
    // Black at 87 %: the contrast text of the dark palette's light colours.
    private const string DarkText = "rgba(0,0,0,0.87)";

    // The system font stack: the app runs offline, so no web fonts are fetched from the internet.
    private static readonly string[] SystemFonts =
        ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "Noto Sans", "Liberation Sans", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        // MudBlazor's default colours fail WCAG's 4.5:1 for text (axe found the local-mode banner, the status chips,
        // primary buttons and tabs in dark mode, helper texts). Each colour here reads at 4.5:1 or more as text on the
        // background, surface and drawer, and under its contrast text (filled chips, buttons, snackbars);
        // BackfillThemeTests checks every pair. MudBlazor writes a standard alert's text in the "Darken" shade.
        PaletteLight = new PaletteLight
        {
            Secondary = "#c2185b",
            SecondaryDarken = "#880e4f",
            Info = "#1976d2",
            InfoDarken = "#0d47a1",
            Success = "#2e7d32",
            SuccessDarken = "#1b5e20",
            Warning = "#b45309",
            WarningDarken = "#7c2d12",
            Error = "#d32f2f",
            ErrorDarken = "#b71c1c",
            TextSecondary = "rgba(0,0,0,0.6)",
        },
        // On a dark surface the colours are light tints with dark text on them, and the "Darken" shades are lighter
        // still, since they are the alerts' text.
        PaletteDark = new PaletteDark
        {
            // Light enough for 4.5:1 where MudBlazor puts primary text on a tinted dark surface: an active tab under
            // the pointer (the hover tint; #a59cf5 gave 4.39:1) and a focused outlined field's label.
            Primary = "#bbb4f8",
            PrimaryContrastText = DarkText,
            PrimaryDarken = "#c4bdf9",
            Secondary = "#ff80ab",
            SecondaryContrastText = DarkText,
            SecondaryDarken = "#ffb2cc",
            Info = "#64b5f6",
            InfoContrastText = DarkText,
            InfoDarken = "#90caf9",
            Success = "#0bba83",
            SuccessContrastText = DarkText,
            SuccessDarken = "#5fe0b5",
            Warning = "#ffa800",
            WarningContrastText = DarkText,
            WarningDarken = "#ffc94d",
            Error = "#ff8a80",
            ErrorContrastText = DarkText,
            ErrorDarken = "#ffb4ab",
            TextSecondary = "rgba(255,255,255,0.6)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = SystemFonts },
        },
    };
}
