namespace Backfill.Web.Components.Layout;

/// <summary>The light/dark choice of one circuit (registered scoped, so it lives as long as the browser tab's circuit).</summary>
public sealed class ThemePreference
{
    public bool IsDarkMode { get; set; }
}
