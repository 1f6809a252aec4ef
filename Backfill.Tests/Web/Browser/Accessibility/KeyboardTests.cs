using Microsoft.Playwright;

namespace Backfill.Tests.Web.Browser.Accessibility;

/// <summary>
/// The manager's main flow with the keyboard alone: Tab to a sandbox client's Quick check, Enter, watch the run finish
/// (and hear it announced), Tab on to its data link, Enter, land on the data viewer. Every stop on the way must be on
/// screen, come after the previous one in the page, and show a focus indicator that differs from its unfocused look.
/// The page opens with focus on its heading, so the app bar and menu before it are checked backwards with Shift+Tab.
/// </summary>
[Collection(AccessibilityCollection.Name)]
public sealed class KeyboardTests(AccessibilityApp app)
{
    // Another client than the axe cases' data client, so this run is a fresh one; the smallest demo account.
    private const string Client = "alder-and-ash";

    // From the heading to the last client's actions is a few dozen stops at most; more means Tab is stuck or looping.
    private const int MaxStops = 60;

    private readonly List<FocusStop> _stops = [];

    [Fact]
    public async Task QuickCheckThenData_KeyboardOnly_EveryStopVisibleWithAFocusIndicator()
    {
        var page = await OpenManagerAsync();
        try
        {
            var status = page.GetByTestId($"status-{Client}");

            await TabToAsync(page, "Tab", stop => stop.TestId == $"quick-{Client}");
            await page.Keyboard.PressAsync("Enter");

            await Assertions.Expect(status).ToHaveAttributeAsync("data-state", "completed", new() { Timeout = 60_000 });
            await Assertions.Expect(page.GetByTestId($"progress-text-{Client}")).ToContainTextAsync("100");
            // Announced as well as shown: the snackbar is a live region (role alert).
            await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "backfill completed" })).ToBeVisibleAsync();
            await TabToAsync(page, "Tab", stop => stop.TestId == $"view-{Client}");
            await page.Keyboard.PressAsync("Enter");

            await page.WaitForURLAsync($"**/data/{Client}");
            await page.GetByTestId("kpi-orders").WaitForAsync();
            await Assertions.Expect(page.GetByTestId("data-title")).ToBeVisibleAsync();
            TestContext.Current.TestOutputHelper?.WriteLine($"Tab stops:\n{string.Join('\n', _stops)}");
        }
        catch
        {
            await FailedAsync(page);
            throw;
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task AppBarAndMenu_ShiftTabFromTheHeading_EveryStopVisibleWithAFocusIndicator()
    {
        var page = await OpenManagerAsync();
        try
        {
            await TabToAsync(page, "Shift+Tab", stop => stop.Element.Contains("Toggle navigation", StringComparison.Ordinal));

            Assert.Contains(_stops, stop => stop.TestId == "theme-toggle");
            Assert.Contains(_stops, stop => stop.Element.Contains("API reference", StringComparison.Ordinal));
        }
        catch
        {
            await FailedAsync(page);
            throw;
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private async Task<IPage> OpenManagerAsync()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.GetByTestId($"status-{Client}").WaitForAsync();
        await page.EvaluateAsync(FocusProbe.Install);
        return page;
    }

    private async Task TabToAsync(IPage page, string key, Func<FocusStop, bool> target)
    {
        for (var i = 0; i < MaxStops; i++)
        {
            await page.EvaluateAsync("() => window.focusProbe.remember()");
            await page.Keyboard.PressAsync(key);
            var stop = await CheckStopAsync(page, backwards: key.StartsWith("Shift", StringComparison.Ordinal));
            if (target(stop))
            {
                return;
            }
        }

        Assert.Fail($"The target was not reached in {MaxStops} presses of {key}. Stops:\n{string.Join('\n', _stops)}");
    }

    private async Task<FocusStop> CheckStopAsync(IPage page, bool backwards)
    {
        // MudBlazor fades some indicators in (a field's border over 200 ms): give the look a moment to change.
        var ringShown = true;
        try
        {
            await page.WaitForFunctionAsync("() => window.focusProbe.ringShown()", null, new() { Timeout = 2_000 });
        }
        catch (TimeoutException)
        {
            ringShown = false;
        }

        var stop = await page.EvaluateAsync<FocusStop>("backwards => window.focusProbe.stop(backwards)", backwards);
        _stops.Add(stop);
        Assert.True(stop.Visible, $"Stop {_stops.Count}, {stop}, is not visible on screen.");
        Assert.True(stop.Follows, $"Stop {_stops.Count}, {stop}, is out of the page's order: the focus jumps {(backwards ? "forward" : "back")}.");
        Assert.True(ringShown, $"Stop {_stops.Count}, {stop}, shows no focus indicator: focused '{stop.Focused}', unfocused '{stop.Unfocused}'.");
        return stop;
    }

    private async Task FailedAsync(IPage page)
    {
        var screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "keyboard-failure.png"), FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"Stops so far:\n{string.Join('\n', _stops)}");
    }
}
