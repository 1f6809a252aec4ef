using Microsoft.Playwright;

namespace Backfill.Tests.Web.Browser.Accessibility;

/// <summary>
/// One app and one Chromium for every accessibility case: starting either costs seconds, a case costs one page (and
/// one circuit). Before the first case the fixture runs a quick check of <see cref="DataClient"/>, so the data
/// viewer has every tab filled and the manager shows a finished run.
/// </summary>
public sealed class AccessibilityApp : IAsyncLifetime
{
    /// <summary>The demo client whose data the viewer cases read.</summary>
    public const string DataClient = "rogue-creamery";

    private BrowserApp? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IBrowserContext? _context;

    public async ValueTask InitializeAsync()
    {
        var chromium = Chromium.FindOnPath();
        _app = new BrowserApp(new Dictionary<string, string>());
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = Chromium.Arguments });
        _context = await _browser.NewContextAsync(new()
        {
            BaseURL = _app.BaseAddress.ToString(),
            ViewportSize = new() { Width = 1280, Height = 900 },
            // axe-core is injected as an inline script, which the app's CSP refuses. The CSP itself is checked by
            // ContentSecurityPolicyBrowserTests; here it would only stop the checker.
            BypassCSP = true,
        });
        _context.SetDefaultTimeout(20_000);

        var page = await _context.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.GetByTestId($"quick-{DataClient}").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"status-{DataClient}"))
            .ToHaveAttributeAsync("data-state", "completed", new() { Timeout = 60_000 });
        await page.CloseAsync();
    }

    /// <summary>A new tab (a new circuit, so light mode) in the shared browser.</summary>
    internal Task<IPage> NewPageAsync() => _context!.NewPageAsync();

    /// <summary>
    /// Opens <paramref name="path"/> in <paramref name="theme"/>. The browser reports the colour scheme to every page;
    /// a dashboard page is also switched with its own toggle (the app's dark mode is a choice per circuit).
    /// </summary>
    internal async Task<IPage> OpenAsync(string path, Theme theme, bool dashboard)
    {
        var page = await NewPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = theme == Theme.Dark ? ColorScheme.Dark : ColorScheme.Light });
        await page.GotoAsync(path);
        if (dashboard)
        {
            await page.Locator("[data-interactive=true]").WaitForAsync();
            if (theme == Theme.Dark)
            {
                var toggle = page.GetByTestId("theme-toggle");
                await toggle.ClickAsync();
                await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-label", "Switch to light mode");
            }
        }

        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
