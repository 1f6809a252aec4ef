using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Backfill.Services.Firestore;
using Microsoft.Extensions.Options;

namespace Backfill.Tests.Firestore;

/// <summary>
/// A hand-written Firestore double for what the emulator cannot do: RESOURCE_EXHAUSTED, UNAVAILABLE, INTERNAL,
/// dropped connections and production-only behaviour. Each request is answered by a script step; the requests
/// (method, path and body) are recorded for assertions.
/// </summary>
internal sealed class ScriptedFirestoreHandler(Func<ScriptedFirestoreHandler.Request, HttpResponseMessage> respond) : HttpMessageHandler
{
    public sealed record Request(HttpMethod Method, string Path, string Body, string? Authorization)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }

    public ConcurrentQueue<Request> Requests { get; } = new();

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Error(HttpStatusCode status, string statusName, string message = "scripted failure") =>
        Json($$$"""{"error":{"code":{{{(int)status}}},"message":"{{{message}}}","status":"{{{statusName}}}"}}""", status);

    /// <summary>A batchWrite answer with one status per write of the request: the code chosen by <paramref name="codeOf"/> (0 = success).</summary>
    public static HttpResponseMessage BatchWriteAnswer(Request request, Func<string, int> codeOf)
    {
        var names = request.Json.GetProperty("writes").EnumerateArray()
            .Select(w => w.TryGetProperty("update", out var u) ? u.GetProperty("name").GetString()! : w.GetProperty("delete").GetString()!)
            .ToArray();
        var codes = names.Select(codeOf).ToArray();
        var statuses = codes.Select(code => code != 0 ? $$"""{"code":{{code}},"message":"scripted {{code}}"}""" : "{}");
        var results = codes.Select(code => code == 0 ? """{"updateTime":"2026-01-01T00:00:00.000001Z"}""" : "{}");
        return Json($$"""{"writeResults":[{{string.Join(',', results)}}],"status":[{{string.Join(',', statuses)}}]}""");
    }

    public static FirestoreOptions Options(Action<FirestoreOptions>? configure = null)
    {
        var options = new FirestoreOptions { ProjectId = "p", EmulatorHost = "127.0.0.1:1", RetryBaseDelay = TimeSpan.Zero };
        configure?.Invoke(options);
        return options;
    }

    public FirestoreRestClient CreateClient(FirestoreOptions options, TimeProvider? time = null) =>
        new(new HttpClient(this) { BaseAddress = options.BaseAddress }, Microsoft.Extensions.Options.Options.Create(options), time);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new Request(request.Method, request.RequestUri!.AbsolutePath, body, request.Headers.Authorization?.ToString());
        Requests.Enqueue(recorded);
        return respond(recorded);
    }
}
