using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.Klaviyo.Client;

/// <summary>
/// A hand-written primary handler for the unit tests of the HTTP pipeline. It exists because these tests need
/// exact control of time (FakeTimeProvider) and of each response — the sandbox over real HTTP runs on the real
/// clock, so retry and limiter timing cannot be asserted against it without real sleeps.
/// </summary>
internal sealed class ScriptedKlaviyoHandler(FakeTimeProvider time) : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, HttpResponseMessage>> _script = new();
    private readonly SemaphoreSlim _arrivals = new(0);

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    /// <summary>Answer used once the script is exhausted.</summary>
    public Func<HttpRequestMessage, HttpResponseMessage> Fallback { get; set; } = _ => Json(HttpStatusCode.OK, """{"data":[]}""");

    public ScriptedKlaviyoHandler Then(Func<HttpRequestMessage, HttpResponseMessage> respond)
    {
        _script.Enqueue(respond);
        return this;
    }

    public ScriptedKlaviyoHandler Then(HttpStatusCode status, string json, params (string Name, string Value)[] headers) =>
        Then(_ => Json(status, json, headers));

    public async Task WaitForRequestsAsync(int count)
    {
        while (Requests.Count < count)
        {
            if (!await _arrivals.WaitAsync(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException($"Expected {count} requests, saw {Requests.Count}.");
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue(new SeenRequest(time.GetUtcNow(), request.Method, request.RequestUri!,
            request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase), body));
        var respond = _script.TryDequeue(out var next) ? next : Fallback;
        var response = respond(request);
        response.RequestMessage = request;
        _arrivals.Release();
        return response;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/vnd.api+json"),
        };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _arrivals.Dispose();
        }

        base.Dispose(disposing);
    }

    internal sealed record SeenRequest(DateTimeOffset At, HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? Body);
}
