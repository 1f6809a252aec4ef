using Backfill.Tests.Web.Browser;
using Microsoft.Playwright;

namespace Backfill.Tests.Web.Security;

/// <summary>
/// Google sign-in in a real browser (Debian Chromium): the app with sign-in configured, <see cref="OpenIdProviderStandIn"/>
/// in Google's place. A viewer sees the dashboard read-only, an operator runs a quick check, a stranger is turned away.
/// </summary>
public sealed class SignedInDashboardBrowserTests
{
    private const string Client = "rogue-creamery";

    [Fact]
    public async Task SignIn_ViewerReadsOnly_OperatorRunsAQuickCheck_StrangerIsDenied()
    {
        var chromium = Chromium.FindOnPath();
        await using var google = await OpenIdProviderStandIn.StartAsync();
        await using var app = new BrowserApp(new Dictionary<string, string>
        {
            ["Auth:Google:Authority"] = google.Issuer,
            ["Auth:Google:ClientId"] = OpenIdProviderStandIn.ClientId,
            ["Auth:Google:ClientSecret"] = OpenIdProviderStandIn.ClientSecret,
            ["Auth:Google:AllowedDomains:0"] = "agency.example",
            ["Auth:Google:OperatorEmails:0"] = "boss@agency.example",
        });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = Chromium.Arguments });

        google.NextUser = ("ana@agency.example", true, "agency.example");
        var viewer = await SignInAsync(browser, app);
        await Assertions.Expect(viewer.GetByTestId("signed-in-user")).ToContainTextAsync("ana@agency.example · viewer");
        await Assertions.Expect(viewer.GetByTestId("viewer-notice")).ToBeVisibleAsync();
        await Assertions.Expect(viewer.GetByTestId("local-mode-banner")).ToHaveCountAsync(0);
        foreach (var control in new[] { "start-all", "start-test", "add-client", $"start-{Client}", $"quick-{Client}" })
        {
            await Assertions.Expect(viewer.GetByTestId(control)).ToBeDisabledAsync();
        }

        await Assertions.Expect(viewer.GetByTestId($"view-{Client}")).ToHaveAttributeAsync("href", $"/data/{Client}");
        await Assertions.Expect(viewer.GetByTestId("sign-out")).ToHaveAttributeAsync("href", "/auth/signout");

        google.NextUser = ("boss@agency.example", true, "agency.example");
        var operatorPage = await SignInAsync(browser, app);
        await Assertions.Expect(operatorPage.GetByTestId("signed-in-user")).ToContainTextAsync("boss@agency.example · operator");
        await Assertions.Expect(operatorPage.GetByTestId("viewer-notice")).ToHaveCountAsync(0);
        await operatorPage.GetByTestId($"quick-{Client}").ClickAsync();
        await Assertions.Expect(operatorPage.GetByTestId($"status-{Client}")).ToHaveAttributeAsync("data-state", "completed", new() { Timeout = 60_000 });

        // The viewer's page is live too: it sees the operator's run finish.
        await Assertions.Expect(viewer.GetByTestId($"status-{Client}")).ToHaveAttributeAsync("data-state", "completed");

        google.NextUser = ("stranger@gmail.com", true, null);
        var stranger = await browser.NewPageAsync(new() { BaseURL = app.BaseAddress.ToString() });
        await stranger.GotoAsync("/");
        await Assertions.Expect(stranger).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/auth/denied\\?reason=not-allowed$"));
        await Assertions.Expect(stranger.Locator("body")).ToContainTextAsync("Your Google account is not allowed to use this dashboard");
    }

    /// <summary>A fresh browser context (no cookies) that opens the dashboard and follows the sign-in redirects back to it.</summary>
    private static async Task<IPage> SignInAsync(IBrowser browser, BrowserApp app)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString() });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseAddress.ToString());
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.GetByTestId($"status-{Client}").WaitForAsync();
        return page;
    }
}
