using Backfill.Tests.Web.Browser;
using Backfill.Web.Security;
using Microsoft.Playwright;

namespace Backfill.Tests.Web.Security;

/// <summary>
/// The Content-Security-Policy against the real pages in Chromium: the manager, the data viewer and the API reference
/// load, react to clicks and report not a single violation. Chromium both fires <c>securitypolicyviolation</c> and logs
/// "Refused to …" for every blocked script, style, image, font or connection; the test collects both.
/// </summary>
public sealed class ContentSecurityPolicyBrowserTests
{
    private const string Client = "rogue-creamery";

    // Registered before any page script runs, so violations during load are seen too.
    private const string CollectViolations = """
        window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(
            `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
        """;

    [Fact]
    public async Task Pages_UnderTheirPolicies_LoadAndReactWithoutViolations()
    {
        var chromium = Chromium.FindOnPath();
        await using var app = new BrowserApp(new Dictionary<string, string>());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = Chromium.Arguments });
        var context = await browser.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString() });
        context.SetDefaultTimeout(20_000);
        await context.AddInitScriptAsync(CollectViolations);
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");

        var manager = await page.GotoAsync("/");
        Assert.Equal(ContentSecurityPolicies.App, await manager!.HeaderValueAsync("content-security-policy"));
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.GetByTestId("add-client").ClickAsync();
        await page.GetByTestId("client-id").WaitForAsync();
        await page.GetByTestId("add-client-cancel").ClickAsync();
        await Assertions.Expect(page.GetByTestId("add-client-dialog")).ToHaveCountAsync(0);
        await page.GetByTestId($"quick-{Client}").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"status-{Client}")).ToHaveAttributeAsync("data-state", "completed", new() { Timeout = 45_000 });
        await AssertNoViolationsAsync(page, console, "/");

        var viewer = await page.GotoAsync($"/data/{Client}");
        Assert.Equal(ContentSecurityPolicies.App, await viewer!.HeaderValueAsync("content-security-policy"));
        await page.GetByTestId("kpi-orders").WaitForAsync();
        await page.GetByTestId("chart-revenue").Locator("svg").First.WaitForAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Orders" }).ClickAsync();
        await page.GetByTestId("orders-total").WaitForAsync();
        await page.GetByTestId("theme-toggle").ClickAsync();
        await AssertNoViolationsAsync(page, console, $"/data/{Client}");

        var reference = await page.GotoAsync("/scalar");
        Assert.Equal(ContentSecurityPolicies.ApiReference, await reference!.HeaderValueAsync("content-security-policy"));
        // The operation paths come from /openapi/v1.json, so seeing one proves the script ran and the fetch was allowed.
        // Scalar opens the document's first tag (Health), so a path of that tag is what shows.
        await page.GetByText("/health/ready").Filter(new() { Visible = true }).First.WaitForAsync();
        await page.GetByText("Test Request").First.ClickAsync();
        var health = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Send Request" }).ClickAsync(), r => r.Url.EndsWith("/health", StringComparison.Ordinal));
        Assert.Equal(200, health.Status);

        await AssertNoViolationsAsync(page, console, "/scalar");
    }

    private static async Task AssertNoViolationsAsync(IPage page, List<string> console, string path)
    {
        var violations = await page.EvaluateAsync<string[]>("() => window.cspViolations");
        var refused = console.Where(m => m.Contains("Content Security Policy", StringComparison.Ordinal) || m.Contains("Refused to", StringComparison.Ordinal)).ToList();
        Assert.True(violations.Length == 0 && refused.Count == 0,
            $"CSP violations on {path}:\n{string.Join('\n', violations.Concat(refused))}\nconsole:\n{string.Join('\n', console)}");
    }
}
