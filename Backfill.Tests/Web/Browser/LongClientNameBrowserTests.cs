using Microsoft.Playwright;

namespace Backfill.Tests.Web.Browser;

/// <summary>
/// A client named with 200 characters and no space, added through the dialog in Chromium: every place that shows the
/// name wraps or ellipsizes it inside its box, so no page, grid or dialog scrolls sideways or spills over.
/// </summary>
public sealed class LongClientNameBrowserTests
{
    private const string Id = "long-name";

    private static readonly string Name = new('W', 200);

    /// <summary>
    /// Elements inside <c>root</c> whose content is wider than they are, unless they cut it off with an ellipsis on
    /// purpose, and elements that reach past the window's right edge: what a name too long for its place produces. Text
    /// inputs scroll their own text and are left out, and so are buttons' ripples, which spill over while they animate.
    /// </summary>
    private const string OverflowingScript = """
        root => [root, ...root.querySelectorAll('*')]
            .filter(el => el.clientWidth > 0 && !['INPUT', 'TEXTAREA'].includes(el.tagName) && !el.classList.contains('mud-ripple'))
            // Screen-reader-only text sits in a clipped 1px box by design: its overflow is never seen.
            .filter(el => !el.classList.contains('visually-hidden'))
            .filter(el => {
                const style = getComputedStyle(el);
                const ellipsis = style.textOverflow === 'ellipsis' && (style.overflowX === 'hidden' || style.overflowX === 'clip');
                return (el.scrollWidth > el.clientWidth + 1 && !ellipsis) || el.getBoundingClientRect().right > window.innerWidth + 1;
            })
            .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${el.scrollWidth}/${el.clientWidth}`)
        """;

    [Fact]
    public async Task LongUnbrokenName_EverywhereItIsShown_StaysInsideItsBox()
    {
        var chromium = Chromium.FindOnPath();
        await using var app = new BrowserApp(new Dictionary<string, string>());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = Chromium.Arguments });
        var context = await browser.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.GetByTestId("client-row-rogue-creamery").WaitForAsync();
        await AssertFitsAsync(page, "body", "manager page before");
        await page.GetByTestId("add-client").ClickAsync();
        await page.GetByTestId("client-id").FillAsync(Id);
        await page.GetByTestId("client-name").FillAsync(Name);
        await AssertFitsAsync(page, ".mud-dialog", "add-client dialog");
        await page.GetByTestId("add-client-untested").ClickAsync();
        await page.GetByTestId("add-client-submit").ClickAsync();
        await page.GetByTestId($"client-row-{Id}").WaitForAsync();
        await AssertFitsAsync(page, ".mud-snackbar", "snackbar");
        await AssertFitsAsync(page, "body", "manager page");

        await page.GetByTestId($"start-{Id}").ClickAsync();
        await page.Locator(".mud-dialog").WaitForAsync();
        await AssertFitsAsync(page, ".mud-dialog", "start dialog");
        await page.GetByTestId("start-dialog-cancel").ClickAsync();

        await page.GotoAsync($"/data/{Id}");
        await page.GetByTestId("data-title").WaitForAsync();
        await AssertFitsAsync(page, "body", "data viewer page");

        await page.GotoAsync("/data");
        await page.GetByTestId($"data-link-{Id}").WaitForAsync();
        await AssertFitsAsync(page, "body", "data index page");
    }

    private static async Task AssertFitsAsync(IPage page, string selector, string what)
    {
        var element = page.Locator(selector).First;
        await element.WaitForAsync();

        var overflowing = await element.EvaluateAsync<string[]>(OverflowingScript);

        Assert.True(overflowing.Length == 0, $"{what} ({selector}): {string.Join("; ", overflowing.Take(5))}");
    }
}
