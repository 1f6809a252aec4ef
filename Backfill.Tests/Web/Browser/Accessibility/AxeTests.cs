using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace Backfill.Tests.Web.Browser.Accessibility;

/// <summary>
/// axe-core (WCAG 2.0 and 2.1, levels A and AA) on every page and dialog of <see cref="AxeCases"/>, in light and dark
/// mode. A serious or critical violation fails the case with the rule, the element and the fix; moderate and minor ones
/// are printed in the test output.
/// </summary>
[Collection(AccessibilityCollection.Name)]
public sealed class AxeTests(AccessibilityApp app)
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = RunOnlyOptions.Tags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]),
    };

    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static TheoryData<string, Theme> Cases
    {
        get
        {
            var data = new TheoryData<string, Theme>();
            foreach (var axeCase in AxeCases.All)
            {
                data.Add(axeCase.Name, Theme.Light);
                data.Add(axeCase.Name, Theme.Dark);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Page_InTheme_HasNoSeriousOrCriticalViolations(string name, Theme theme)
    {
        var axeCase = AxeCases.Find(name);
        var page = await app.OpenAsync(axeCase.Path, theme, axeCase.Dashboard);
        try
        {
            await axeCase.Open(page);

            var result = await page.RunAxe(Wcag21AA);

            var blocking = result.Violations.Where(AxeReport.IsBlocking).ToList();
            var other = result.Violations.Where(v => !AxeReport.IsBlocking(v)).ToList();
            if (other.Count > 0)
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"{name} ({theme}), not blocking:\n{AxeReport.Describe(other)}");
            }

            if (blocking.Count > 0)
            {
                Directory.CreateDirectory(Screenshots);
                await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"axe-{name.Replace(' ', '-')}-{theme}.png"), FullPage = true });
            }

            Assert.True(blocking.Count == 0, $"{name} ({theme}): {blocking.Count} serious or critical axe rule(s) failed:\n{AxeReport.Describe(blocking)}");
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
