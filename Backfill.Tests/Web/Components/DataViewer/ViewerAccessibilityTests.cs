using System.Text.RegularExpressions;
using Bunit;

namespace Backfill.Tests.Web.Components.DataViewer;

/// <summary>
/// What the axe browser test found on the viewer, kept fixed at component level: names that contain what is shown, and
/// charts whose numbers can be read without seeing them.
/// </summary>
public sealed partial class ViewerAccessibilityTests : DataViewerTestContext
{
    private static readonly DateOnly[] OrderDays = [FirstDay, FirstDay.AddDays(1), FirstDay.AddDays(3), LastDay];

    [Fact]
    public async Task Viewer_LabelledButtonsAndLinks_NameContainsTheVisibleText()
    {
        await SeedShopAsync(OrderDays);

        var page = RenderViewer(Shop.Value);

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=export-orders]")));
        var labelled = page.FindAll("a[aria-label], button[aria-label]").Where(e => Visible(e.TextContent).Length > 0).ToList();
        Assert.NotEmpty(labelled);
        Assert.All(labelled, e => Assert.Contains(Visible(e.TextContent), e.GetAttribute("aria-label")!, StringComparison.OrdinalIgnoreCase));
    }

    private static string Visible(string text) => Spaces().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
