using System.Net.Http.Headers;
using Backfill.KlaviyoSandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Backfill.Tests.Infrastructure;

/// <summary>
/// The Klaviyo sandbox on a real Kestrel socket (127.0.0.1, random port) with nothing else mapped.
/// Reused by the sandbox's own tests, the Klaviyo client tests and the backfill engine tests.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    /// <summary>Fixed history end so responses are identical on every run and every day.</summary>
    public static readonly DateOnly DefaultHistoryEnd = new(2026, 6, 30);

    /// <summary>The revision the sandbox is modelled on.</summary>
    public const string Revision = "2026-07-15";

    private readonly WebApplication _app;

    private SandboxServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    /// <summary><c>http://127.0.0.1:{port}/sandbox/klaviyo/</c> — append <c>api/…</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client with <see cref="BaseAddress"/> and no default headers.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the sandbox. Defaults: enabled, control endpoint on, history ending <see cref="DefaultHistoryEnd"/>.
    /// <paramref name="configure"/> runs after the defaults; <paramref name="timeProvider"/> replaces the clock;
    /// <paramref name="configuration"/> adds configuration keys (e.g. <c>Klaviyo:Sandbox:Seed</c>).
    /// </summary>
    public static async Task<SandboxServer> StartAsync(
        Action<SandboxOptions>? configure = null,
        TimeProvider? timeProvider = null,
        IReadOnlyDictionary<string, string?>? configuration = null,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }
        builder.Services.AddKlaviyoSandbox();
        builder.Services.PostConfigure<SandboxOptions>(o =>
        {
            o.Enabled = true;
            o.EnableControlEndpoint = true;
            o.HistoryEndDate ??= DefaultHistoryEnd;
            configure?.Invoke(o);
        });
        var app = builder.Build();
        app.MapKlaviyoSandbox();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxServer(app, new Uri(address.TrimEnd('/') + SandboxEndpoints.Prefix + "/"));
    }

    /// <summary>A request with Klaviyo's headers for the given account (null key = no Authorization header).</summary>
    public static HttpRequestMessage Request(HttpMethod method, string relative, string? apiKey, string? revision = Revision)
    {
        var request = new HttpRequestMessage(method, relative);
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Klaviyo-API-Key", apiKey);
        }
        if (revision is not null)
        {
            request.Headers.Add("revision", revision);
        }
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.api+json"));
        return request;
    }

    public Task<HttpResponseMessage> GetAsync(string relative, string apiKey, CancellationToken cancellationToken = default) =>
        Client.SendAsync(Request(HttpMethod.Get, relative, apiKey), cancellationToken);

    public Task<HttpResponseMessage> PostAsync(string relative, string apiKey, string json, CancellationToken cancellationToken = default)
    {
        var request = Request(HttpMethod.Post, relative, apiKey);
        request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/vnd.api+json");
        return Client.SendAsync(request, cancellationToken);
    }

    public static string KeyFor(string account) => "pk_sandbox_" + account;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
