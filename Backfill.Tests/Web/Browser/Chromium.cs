namespace Backfill.Tests.Web.Browser;

/// <summary>
/// The Debian Chromium the browser tests drive. Playwright never downloads a browser here: the test uses the one on
/// PATH (CI's .ci/run installs it) and fails, loudly, when there is none — a skipped browser test proves nothing.
/// </summary>
internal static class Chromium
{
    private static readonly string[] Names = ["chromium", "chromium-browser"];

    /// <summary>
    /// Flags that keep a headless Chromium quiet and offline: no sandbox (containers run as root), no GPU, no
    /// background traffic to Google.
    /// </summary>
    public static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    public static string FindOnPath()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in Names)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        Assert.Fail(
            "The browser test needs Chromium on PATH ('chromium' or 'chromium-browser'), and none was found. " +
            "Install it with 'apt-get install -y chromium' (CI's .ci/run does); Playwright's own browser download is not used.");
        return null!;
    }
}
