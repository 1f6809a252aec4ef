using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Backfill.Tests.Alerts.Receivers;

/// <summary>
/// A real HTTP receiver on Kestrel (127.0.0.1, random port) for alert tests: it checks each request with the given rule
/// (the webhook's signature, Slack's payload), records it, and answers as <see cref="Respond"/> says — 200 by default,
/// or 500, 429 with Retry-After, or no answer at all until the caller gives up (<see cref="Hang"/>).
/// </summary>
internal sealed class HttpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly Channel<ReceivedRequest> _arrivals = Channel.CreateUnbounded<ReceivedRequest>();
    private int _attempts;

    private HttpReceiver(WebApplication app) => _app = app;

    /// <summary>The address to configure (path included).</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>How to answer the n-th request (1-based); the default answers 200 "ok".</summary>
    public Func<int, HttpContext, Task> Respond { get; set; } = (_, context) => Ok(context);

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>An answer that never comes: the request is held until the sender gives up (its timeout).</summary>
    public static async Task Hang(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public static Task Ok(HttpContext context) => context.Response.WriteAsync("ok");

    public static Task Status(HttpContext context, int status, string body = "", TimeSpan? retryAfter = null)
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return context.Response.WriteAsync(body);
    }

    /// <param name="path">The route, e.g. <c>/hooks/backfill</c>.</param>
    /// <param name="check">Null when the request is well formed, else what is wrong with it.</param>
    public static async Task<HttpReceiver> StartAsync(string path, Func<IReadOnlyDictionary<string, string>, byte[], string?> check)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new HttpReceiver(app);
        app.MapPost(path, async context =>
        {
            var attempt = Interlocked.Increment(ref receiver._attempts);
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var body = buffer.ToArray();
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var problem = check(headers, body);
            var request = new ReceivedRequest(attempt, context.Request.Path, headers, Encoding.UTF8.GetString(body), problem is null, problem);
            receiver._requests.Enqueue(request);
            receiver._arrivals.Writer.TryWrite(request);
            if (problem is not null)
            {
                await Status(context, 400, problem);
                return;
            }

            await receiver.Respond(attempt, context);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + path);
        return receiver;
    }

    /// <summary>Waits (on arrivals, never by polling) until <paramref name="count"/> requests have come, or fails after <paramref name="limit"/>.</summary>
    public async Task WaitForAttemptsAsync(int count, TimeSpan? limit = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(limit ?? TimeSpan.FromSeconds(30));
        try
        {
            while (Attempts < count)
            {
                await _arrivals.Reader.ReadAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"expected {count} requests at {Url.AbsolutePath}, got {Attempts}");
        }
    }

    /// <summary>Waits up to <paramref name="limit"/> for a request after those already counted; false when none came (I/O settling, not a clock).</summary>
    public async Task<bool> NextArrivalAsync(TimeSpan limit)
    {
        var before = Attempts;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            while (Attempts <= before)
            {
                await _arrivals.Reader.ReadAsync(timeout.Token);
            }

            return true;
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
