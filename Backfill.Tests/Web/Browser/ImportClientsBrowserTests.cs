using Backfill.Tests.Backfilling;
using Backfill.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Backfill.Tests.Web.Browser;

/// <summary>
/// The CSV import in a real browser against the in-app sandbox: one valid row (its key in configuration, an account the
/// sandbox knows, reached at Klaviyo:BaseUrl as a real client's would be), one invalid, one duplicate of a demo client; the dry run shows each, the import adds the valid one,
/// and the grid shows it live.
/// </summary>
public sealed class ImportClientsBrowserTests
{
    private const string Csv = "id,name,klaviyo_secret_name\nacme-import,Acme Import,\nNot An Id,Broken,\nrogue-creamery,Rogue again,\n";

    [Fact]
    public async Task UploadedCsv_DryRunThenImport_TheValidClientAppearsInTheGrid()
    {
        await using var sandbox = await BackfillTestHost.StartSandboxAsync();
        await using var app = new BrowserApp(new Dictionary<string, string>
        {
            ["Klaviyo:BaseUrl"] = sandbox.BaseAddress.ToString(),
            ["Klaviyo:Keys:acme-import"] = SandboxServer.KeyFor("alder-and-ash"),
        });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium.FindOnPath(), Headless = true, Args = Chromium.Arguments });
        var context = await browser.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.GetByTestId("status-rogue-creamery").WaitForAsync();

        await page.GetByTestId("import-clients").ClickAsync();
        await page.GetByTestId("import-dialog").WaitForAsync();
        await page.GetByTestId("import-dialog").Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "clients.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes(Csv),
        });

        await Assertions.Expect(page.GetByTestId("import-row-1")).ToHaveAttributeAsync("data-outcome", "valid", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("import-row-1")).ToContainTextAsync("Alder & Ash");
        await Assertions.Expect(page.GetByTestId("import-row-2")).ToHaveAttributeAsync("data-outcome", "invalid");
        await Assertions.Expect(page.GetByTestId("import-row-3")).ToHaveAttributeAsync("data-outcome", "duplicate");
        await Assertions.Expect(page.GetByTestId("status-acme-import")).ToHaveCountAsync(0);

        await page.GetByTestId("import-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-row-1")).ToHaveAttributeAsync("data-outcome", "imported", new() { Timeout = 60_000 });
        await page.GetByTestId("import-close").ClickAsync();

        await Assertions.Expect(page.GetByTestId("status-acme-import")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("status-rogue-creamery")).ToBeVisibleAsync();
        Assert.Equal(1, await page.EvaluateAsync<int>("() => performance.getEntriesByType('navigation').length"));
    }
}
