using Bunit;
using Microsoft.AspNetCore.Components;

namespace Backfill.Tests.Web.Components.DataViewer;

/// <summary>The data viewer's two inputs, the client id in the address and the typed day, given values outside their rules.</summary>
public sealed class DataViewerHostileInputTests : DataViewerTestContext
{
    [Theory]
    [InlineData("test-shop\n")]
    [InlineData("TEST-SHOP")]
    [InlineData(" test-shop")]
    [InlineData("t\u0435st-shop")]
    [InlineData("test\u2010shop")]
    [InlineData("test-shop\u200B")]
    [InlineData("\u202Etest-shop")]
    [InlineData("..")]
    [InlineData("test-shop/../test-shop")]
    public async Task DataViewer_LookAlikeOfARegisteredId_ShowsNotFoundNotThatClientsData(string id)
    {
        await SeedShopAsync(LastDay);

        var page = RenderViewer(id);

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=not-found]")));
        Assert.Empty(page.FindAll("[data-testid=kpi-orders]"));
    }

    [Fact]
    public void DataViewer_AThousandCharacterId_ShowsNotFound()
    {
        var page = RenderViewer(new string('a', 1000));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=not-found]")));
    }

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("2026-02-30")]
    [InlineData("2026-3-10")]
    [InlineData("yesterday")]
    [InlineData("")]
    public async Task DayPicker_TextThatIsNotADay_ClearsTheDayAndListsNoOrders(string typed)
    {
        await SeedShopAsync(FirstDay, LastDay);
        var page = await OpenOrdersAsync();

        await page.Find("#day-picker-input").ChangeAsync(new() { Value = typed });

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=no-day]")));
        Assert.Empty(page.FindAll("[data-testid^=order-row-]"));
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("1900-01-01")]
    [InlineData("2026-03-16")]
    [InlineData("9999-12-31")]
    public async Task DayPicker_DayOutsideTheBackfill_SaysNotBackfilledAndCannotStepFurtherOut(string typed)
    {
        await SeedShopAsync(FirstDay, LastDay);
        var page = await OpenOrdersAsync();

        await page.Find("#day-picker-input").ChangeAsync(new() { Value = typed });

        page.WaitForAssertion(() => Assert.EndsWith($"{typed}: not backfilled", page.Find("[data-testid=day-summary]").TextContent.Trim(), StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid^=order-row-]"));
        // Stepping further out of range is disabled, so 9999-12-31 (or 0001-01-01) can never be moved past the calendar's end.
        var outward = string.CompareOrdinal(typed, "2026-03-09") < 0 ? "day-previous" : "day-next";
        Assert.True(page.Find($"[data-testid={outward}]").HasAttribute("disabled"));
    }

    private async Task<IRenderedComponent<IComponent>> OpenOrdersAsync()
    {
        var page = RenderViewer(Shop.Value);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=kpi-orders]")));
        await page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Orders").ClickAsync(new());
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid^=order-row-]")));
        return page;
    }
}
