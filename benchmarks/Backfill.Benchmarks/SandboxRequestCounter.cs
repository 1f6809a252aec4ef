using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Backfill.Benchmarks;

/// <summary>
/// Counts the requests the in-process sandbox answers, by Klaviyo endpoint (the path after <c>/api/</c>), so a
/// benchmark can print what a run asked of each rate-limit bucket, measured on the server's side.
/// </summary>
internal sealed class SandboxRequestCounter
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<AnsweredRequest> _answered = new();
    private long _since = Stopwatch.GetTimestamp();

    /// <summary>One answered request: when it arrived and was answered (since the last reset), and its status.</summary>
    public readonly record struct AnsweredRequest(string Endpoint, TimeSpan Arrived, TimeSpan Answered, int Status);

    /// <summary>Counts the request and, once the sandbox has answered it, records when (for a run's request timeline).</summary>
    public async Task CountAsync(HttpContext context, Func<Task> next)
    {
        var value = context.Request.Path.Value ?? "";
        var at = value.IndexOf("/api/", StringComparison.Ordinal);
        if (at < 0)
        {
            await next();
            return;
        }

        var endpoint = value[(at + 5)..].Split('/', 2)[0];
        _counts.AddOrUpdate(endpoint, 1, (_, n) => n + 1);
        var since = Volatile.Read(ref _since);
        var arrived = Stopwatch.GetElapsedTime(since);
        await next();
        _answered.Enqueue(new AnsweredRequest(endpoint, arrived, Stopwatch.GetElapsedTime(since), context.Response.StatusCode));
    }

    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);

    /// <summary>The requests answered since the last reset, in order of arrival.</summary>
    public IReadOnlyList<AnsweredRequest> Timeline() => [.. _answered.OrderBy(r => r.Arrived)];

    public void Reset()
    {
        _counts.Clear();
        _answered.Clear();
        Volatile.Write(ref _since, Stopwatch.GetTimestamp());
    }
}
