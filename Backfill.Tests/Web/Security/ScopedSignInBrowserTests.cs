using Backfill.Tests.Web.Browser;
using Microsoft.Playwright;

namespace Backfill.Tests.Web.Security;

/// <summary>
/// Google sign-in limited to one client (<c>Auth:Google:ClientAccess</c>) in a real browser (Debian Chromium), with
/// <see cref="OpenIdProviderStandIn"/> in Google's place: the manager, the data index and the viewer show only that
/// client, another client's viewer address reads as an unknown client, and the API answers it 404 with the same cookie.
/// </summary>
public sealed class ScopedSignInBrowserTests
{
    private const string Mine = "rogue-creamery";
    private static readonly string[] Others = ["northloop-outfitters", "alder-and-ash"];

    [Fact]
    public async Task SignIn_ScopedToOneClient_SeesOnlyItEverywhere_UnscopedSeesAll()
    {
        var chromium = Chromium.FindOnPath();
        await using var google = await OpenIdProviderStandIn.StartAsync();
        await using var app = new BrowserApp(new Dictionary<string, string>
        {
            ["Auth:Google:Authority"] = google.Issuer,
            ["Auth:Google:ClientId"] = OpenIdProviderStandIn.ClientId,
            ["Auth:Google:ClientSecret"] = OpenIdProviderStandIn.ClientSecret,
            ["Auth:Google:AllowedDomains:0"] = "agency.example",
            ["Auth:Google:AllowedEmails:0"] = "cleo@creamery.example",
            ["Auth:Google:ClientAccess:creamery.example:0"] = Mine,
        });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = Chromium.Arguments });

        google.NextUser = ("cleo@creamery.example", true, null);
        var scoped = await SignInAsync(browser, app);
        await Assertions.Expect(scoped.GetByTestId("board-summary")).ToContainTextAsync("1 client");
        foreach (var other in Others)
        {
            await Assertions.Expect(scoped.GetByTestId($"status-{other}")).ToHaveCountAsync(0);
        }

        await scoped.GetByRole(AriaRole.Link, new() { Name = "Data", Exact = true }).ClickAsync();
        await Assertions.Expect(scoped.GetByTestId($"data-link-{Mine}")).ToBeVisibleAsync();
        foreach (var other in Others)
        {
            await Assertions.Expect(scoped.GetByTestId($"data-link-{other}")).ToHaveCountAsync(0);
        }

        await scoped.GotoAsync($"/data/{Mine}");
        await scoped.Locator("[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(scoped.GetByTestId("data-loading")).ToHaveCountAsync(0);
        await Assertions.Expect(scoped.GetByTestId("not-found")).ToHaveCountAsync(0);

        await scoped.GotoAsync($"/data/{Others[0]}");
        await Assertions.Expect(scoped.GetByTestId("not-found")).ToContainTextAsync($"No client “{Others[0]}” is registered.");
        await Assertions.Expect(scoped.Locator("body")).Not.ToContainTextAsync("Northloop Outfitters");

        var otherStatus = await scoped.APIRequest.GetAsync($"/api/backfill/status/{Others[0]}");
        var unknownStatus = await scoped.APIRequest.GetAsync("/api/backfill/status/no-such-client");
        var ownStatus = await scoped.APIRequest.GetAsync($"/api/backfill/status/{Mine}");
        Assert.Equal(404, otherStatus.Status);
        Assert.Equal(404, unknownStatus.Status);
        Assert.Equal(200, ownStatus.Status);

        google.NextUser = ("ana@agency.example", true, "agency.example");
        var everyone = await SignInAsync(browser, app);
        foreach (var other in Others)
        {
            await Assertions.Expect(everyone.GetByTestId($"status-{other}")).ToBeVisibleAsync();
        }
    }

    /// <summary>A fresh browser context (no cookies) that opens the dashboard and follows the sign-in redirects back to it.</summary>
    private static async Task<IPage> SignInAsync(IBrowser browser, BrowserApp app)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString() });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseAddress.ToString());
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.GetByTestId($"status-{Mine}").WaitForAsync();
        return page;
    }
}
