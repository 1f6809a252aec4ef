using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Backfill.Benchmarks;

/// <summary>
/// Counts the requests the in-process sandbox answers, by Klaviyo endpoint (the path after <c>/api/</c>), so a
/// benchmark can print what a run asked of each rate-limit bucket, measured on the server's side.
/// </summary>
internal sealed class SandboxRequestCounter
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Count(PathString path)
    {
        var value = path.Value ?? "";
        var at = value.IndexOf("/api/", StringComparison.Ordinal);
        if (at < 0)
        {
            return;
        }

        var endpoint = value[(at + 5)..].Split('/', 2)[0];
        _counts.AddOrUpdate(endpoint, 1, (_, n) => n + 1);
    }

    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);

    public void Reset() => _counts.Clear();
}
