namespace Backfill.Benchmarks;

/// <summary>
/// <c>memory-sandbox</c>: the Klaviyo sandbox of the memory benchmark in its own process, every rate limit off and the
/// same ten-year history for every range. In the benchmark's process its web server's buffers (Kestrel keeps the
/// blocks it wrote each 1,000-event page with) were counted as the engine's heap. Prints
/// <c>MEMORY-SANDBOX-URL {base}</c> and stops when its standard input closes.
/// </summary>
internal static class MemorySandboxProcess
{
    public const string UrlPrefix = "MEMORY-SANDBOX-URL ";

    public static Task<int> RunAsync() => SandboxChildHost.RunAsync(UrlPrefix, o =>
    {
        o.RateLimitsEnabled = false;

        // The same ten-year history for every range, so the runs read the same data for their common days.
        o.HistoryDays = 3660;
    });
}
