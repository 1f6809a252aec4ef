using System.Net;
using System.Net.Sockets;

namespace Backfill.Benchmarks.Shared;

/// <summary>
/// What the browser benchmarks (viewer, manager) share around the app process they start: a free loopback port,
/// waiting for the app, the machine's load and Debian's Chromium. Linked into each benchmark project.
/// </summary>
internal static class BrowserBenchmarkHost
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls <paramref name="condition"/> every half second; a refused connection counts as "not yet" (the app is starting).</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException("gave up waiting");
            }

            await Task.Delay(500);
        }
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    public static string FindChromium() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .SelectMany(d => new[] { Path.Combine(d, "chromium"), Path.Combine(d, "chromium-browser") })
            .FirstOrDefault(File.Exists) ?? throw new FileNotFoundException("chromium is not on PATH (apt-get install -y chromium)");
}
