using Microsoft.Playwright;

namespace Backfill.Tests.Web.Browser;

/// <summary>
/// Triage in a real browser: two clients fail (their keys revoked in the sandbox), the key comes back, and the operator
/// filters to the failed clients, selects all of them, retries in one bulk action and watches both recover live.
/// </summary>
public sealed class BulkRetryBrowserTests
{
    private static readonly string[] Failing = ["alder-and-ash", "rogue-creamery"];

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Klaviyo:Sandbox:EnableControlEndpoint"] = "true",
    };

    [Fact]
    public async Task FailedClients_FilteredSelectedAndRetried_RecoverLive()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = new BrowserApp(Settings);
        using var http = app.CreateHttpClient();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium.FindOnPath(), Headless = true, Args = Chromium.Arguments });
        var context = await browser.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("[data-interactive=true]").WaitForAsync();

        // Revoked through the control endpoint (not configuration), so resetting the faults gives the keys back.
        foreach (var client in Failing)
        {
            using var revoke = await http.PostAsync(
                new Uri("/sandbox/klaviyo/_control/faults", UriKind.Relative),
                new StringContent($$"""{"account":"{{client}}","revoked_key":true}""", System.Text.Encoding.UTF8, "application/json"),
                cancellationToken);
            Assert.True(revoke.IsSuccessStatusCode, $"revoke {client}: {(int)revoke.StatusCode}");
        }

        // Three quick checks: the two with revoked keys fail, northloop completes.
        foreach (var client in Failing.Append("northloop-outfitters"))
        {
            using var started = await http.PostAsync(new Uri($"/api/backfill/start/{client}?days=2", UriKind.Relative), null, cancellationToken);
            Assert.True(started.IsSuccessStatusCode, $"{client}: {(int)started.StatusCode}");
        }

        foreach (var client in Failing)
        {
            await Assertions.Expect(page.GetByTestId($"status-{client}")).ToHaveAttributeAsync("data-state", "failed", new() { Timeout = 60_000 });
        }

        await Assertions.Expect(page.GetByTestId("triage-count-failed")).ToHaveTextAsync("2");

        // The key is valid again.
        using (var reset = await http.DeleteAsync(new Uri("/sandbox/klaviyo/_control/faults", UriKind.Relative), cancellationToken))
        {
            Assert.True(reset.IsSuccessStatusCode, $"reset faults: {(int)reset.StatusCode}");
        }

        await page.GetByTestId("triage-failed").ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-testid^='client-row-']")).ToHaveCountAsync(2);
        await page.GetByTestId("select-all-matching").ClickAsync();
        await Assertions.Expect(page.GetByTestId("bulk-selected")).ToHaveTextAsync("2 selected");
        await page.GetByTestId("bulk-retry").ClickAsync();
        await Assertions.Expect(page.GetByTestId("bulk-question")).ToHaveTextAsync("Retry 2 clients?");
        await page.GetByTestId("bulk-confirm").ClickAsync();

        // The retries run on the circuit before the outcome renders: on a loaded CI machine that took longer than the
        // assertion's default 5 s once, so it gets the same time as the other server-side waits.
        await Assertions.Expect(page.GetByTestId("bulk-outcome")).ToContainTextAsync("2 accepted, 0 refused", new() { Timeout = 30_000 });
        await page.GetByTestId("bulk-close").ClickAsync();

        // Back to every client: both recover without a reload.
        await page.GetByTestId("triage-all").ClickAsync();
        foreach (var client in Failing)
        {
            await Assertions.Expect(page.GetByTestId($"status-{client}")).ToHaveAttributeAsync("data-state", "completed", new() { Timeout = 60_000 });
        }

        await Assertions.Expect(page.GetByTestId("triage-count-failed")).ToHaveTextAsync("0");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => performance.getEntriesByType('navigation').length"));
    }
}
