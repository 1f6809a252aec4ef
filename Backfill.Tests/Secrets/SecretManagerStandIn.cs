using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Backfill.Services.Secrets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Backfill.Tests.Secrets;

/// <summary>
/// A stand-in for Google Secret Manager's REST API on Kestrel (127.0.0.1, random port). Google ships no Secret
/// Manager emulator, so this is the only place in the test suite where a stand-in replaces a real service. It
/// implements exactly the one documented call the app makes,
/// <c>GET /v1/projects/{project}/secrets/{secret}/versions/latest:access</c>, with the documented success body
/// (<c>{"name":…,"payload":{"data":"&lt;base64&gt;","dataCrc32c":"&lt;int64 as string&gt;"}}</c>) and Google's
/// error bodies (<c>{"error":{"code":…,"message":…,"status":…}}</c>), and counts the requests per secret.
/// </summary>
internal sealed class SecretManagerStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Reply>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string?> _authorizations = new();
    private volatile TaskCompletionSource? _hold;

    private SecretManagerStandIn(WebApplication app, string project)
    {
        _app = app;
        Project = project;
        app.Run(HandleAsync);
    }

    public string Project { get; }

    /// <summary><c>http://127.0.0.1:{port}/</c>, the value for <c>SecretManager:BaseUrl</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The Authorization header of every request, in order (null when absent).</summary>
    public IReadOnlyCollection<string?> Authorizations => _authorizations;

    public static async Task<SecretManagerStandIn> StartAsync(string project = "backfill-test")
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var standIn = new SecretManagerStandIn(builder.Build(), project);
        await standIn._app.StartAsync(TestContext.Current.CancellationToken);
        var address = standIn._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return standIn;
    }

    /// <summary>Configuration that points the app's Secret Manager client here, without credentials and without retry delays.</summary>
    public Dictionary<string, string?> Configuration() => new()
    {
        ["SecretManager:ProjectId"] = Project,
        ["SecretManager:BaseUrl"] = BaseAddress.ToString(),
        ["SecretManager:Credentials"] = nameof(SecretManagerCredentials.None),
        ["SecretManager:RetryBaseDelay"] = "00:00:00",
        ["SecretManager:MaxRetries"] = "3",
    };

    /// <summary>Adds or replaces the newest version of a secret.</summary>
    public void SetSecret(string secret, string value) => _values[secret] = value;

    /// <summary>Answers the next reads of <paramref name="secret"/> with <paramref name="replies"/>, in order, before its value.</summary>
    public void Script(string secret, params Reply[] replies)
    {
        var queue = _scripts.GetOrAdd(secret, _ => new ConcurrentQueue<Reply>());
        foreach (var reply in replies)
        {
            queue.Enqueue(reply);
        }
    }

    /// <summary>Reads of <paramref name="secret"/> so far.</summary>
    public int Requests(string secret) => _requests.TryGetValue(secret, out var count) ? count : 0;

    /// <summary>Holds every answer until the returned source is completed (for single-flight checks).</summary>
    public TaskCompletionSource HoldAnswers()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hold = hold;
        return hold;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        var prefix = $"/v1/projects/{Project}/secrets/";
        const string Suffix = "/versions/latest:access";
        if (!HttpMethods.IsGet(http.Request.Method) || !path.StartsWith(prefix, StringComparison.Ordinal) || !path.EndsWith(Suffix, StringComparison.Ordinal))
        {
            await WriteErrorAsync(http, 404, "NOT_FOUND", $"Method not found: {path}");
            return;
        }

        var secret = path[prefix.Length..^Suffix.Length];
        _requests.AddOrUpdate(secret, 1, (_, n) => n + 1);
        _authorizations.Enqueue(http.Request.Headers.Authorization.Count > 0 ? http.Request.Headers.Authorization.ToString() : null);
        if (_hold is { } hold)
        {
            await hold.Task.WaitAsync(http.RequestAborted);
        }

        var resource = $"projects/{Project}/secrets/{secret}";
        if (_scripts.TryGetValue(secret, out var script) && script.TryDequeue(out var reply))
        {
            await reply.WriteAsync(http, resource, _values.GetValueOrDefault(secret));
            return;
        }

        if (!_values.TryGetValue(secret, out var value))
        {
            await WriteErrorAsync(http, 404, "NOT_FOUND", $"Secret [{resource}] not found or has no versions.");
            return;
        }

        await WritePayloadAsync(http, resource, value, corrupt: false);
    }

    private static Task WritePayloadAsync(HttpContext http, string resource, string value, bool corrupt)
    {
        var data = Encoding.UTF8.GetBytes(value);
        var crc = Crc32C.Compute(data) ^ (corrupt ? 1u : 0u);
        http.Response.StatusCode = 200;
        return http.Response.WriteAsJsonAsync(new
        {
            name = resource + "/versions/1",
            payload = new { data = Convert.ToBase64String(data), dataCrc32c = ((long)crc).ToString(CultureInfo.InvariantCulture) },
        });
    }

    private static Task WriteErrorAsync(HttpContext http, int code, string status, string message)
    {
        http.Response.StatusCode = code;
        http.Response.ContentType = "application/json; charset=UTF-8";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new { error = new { code, message, status } }));
    }

    public async ValueTask DisposeAsync()
    {
        _hold?.TrySetResult();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    /// <summary>One scripted answer.</summary>
    public sealed record Reply(int Code, string? Status, string? Message, bool CorruptChecksum = false)
    {
        /// <summary>The secret's value with a wrong <c>dataCrc32c</c>.</summary>
        public static Reply BadChecksum { get; } = new(200, null, null, CorruptChecksum: true);

        public static Reply NotFound { get; } = new(404, "NOT_FOUND", "Secret [{0}] not found or has no versions.");

        public static Reply PermissionDenied { get; } = new(403, "PERMISSION_DENIED", "Permission 'secretmanager.versions.access' denied for resource '{0}/versions/latest' (or it may not exist).");

        public static Reply Disabled { get; } = new(400, "FAILED_PRECONDITION", "{0}/versions/3 is in DISABLED state.");

        public static Reply Unauthenticated { get; } = new(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token.");

        public static Reply Unavailable { get; } = new(503, "UNAVAILABLE", "The service is currently unavailable.");

        public static Reply Exhausted { get; } = new(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Access requests'.");

        public Task WriteAsync(HttpContext http, string resource, string? value) => CorruptChecksum
            ? WritePayloadAsync(http, resource, value ?? "", corrupt: true)
            : WriteErrorAsync(http, Code, Status!, string.Format(CultureInfo.InvariantCulture, Message!, resource));
    }
}
