namespace Backfill.Tests.Web.Browser.Accessibility;

/// <summary>Where one Tab press landed, as <see cref="FocusProbe"/> saw it (filled in by Playwright from the script's object).</summary>
internal sealed class FocusStop
{
    public string TestId { get; init; } = "";

    public string Element { get; init; } = "";

    public bool Visible { get; init; }

    public bool Follows { get; init; }

    public string Unfocused { get; init; } = "";

    public string Focused { get; init; } = "";

    public override string ToString() => $"{Element} [{TestId}]";
}
