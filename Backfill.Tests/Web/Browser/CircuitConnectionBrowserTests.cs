using Microsoft.Playwright;

namespace Backfill.Tests.Web.Browser;

/// <summary>
/// The circuit's connection as the JS initializer sets it up (Backfill.Web.lib.module.js): its WebSocket opens without a
/// negotiate round trip first, and after the socket drops Blazor reconnects the same way and the page works again.
/// </summary>
public sealed class CircuitConnectionBrowserTests
{
    // Keeps every WebSocket the page opens, so the test can see them and drop them (Playwright cannot close a page's socket).
    private const string KeepSockets = """
        (() => {
          const Native = window.WebSocket;
          window.__sockets = [];
          window.WebSocket = class extends Native {
            constructor(...args) { super(...args); window.__sockets.push(this); }
          };
        })();
        """;

    [Fact]
    public async Task Circuit_OpensItsSocketWithoutNegotiating_AndAfterTheSocketDrops_ReconnectsAndWorks()
    {
        var chromium = Chromium.FindOnPath();
        await using var app = new BrowserApp(new Dictionary<string, string>());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = Chromium.Arguments });
        var context = await browser.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString() });
        context.SetDefaultTimeout(30_000);
        await context.AddInitScriptAsync(KeepSockets);
        var page = await context.NewPageAsync();
        var negotiations = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/_blazor/negotiate", StringComparison.Ordinal))
            {
                lock (negotiations)
                {
                    negotiations.Add(request.Url);
                }
            }
        };

        await page.GotoAsync("/");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.GetByTestId("client-row-rogue-creamery").WaitForAsync();
        await page.EvaluateAsync("() => window.__sockets.forEach(s => s.close())");
        await page.WaitForFunctionAsync("() => window.__sockets.length >= 2 && window.__sockets[window.__sockets.length - 1].readyState === WebSocket.OPEN");
        await page.GetByTestId("theme-toggle").ClickAsync();

        await Assertions.Expect(page.GetByTestId("theme-toggle")).ToHaveAttributeAsync("aria-label", "Switch to light mode");
        Assert.Empty(negotiations);
        Assert.All(await page.EvaluateAsync<string[]>("() => window.__sockets.map(s => s.url)"), url => Assert.Contains("/_blazor", url, StringComparison.Ordinal));
    }
}
