using Backfill.KlaviyoSandbox;
using Backfill.Services.Klaviyo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backfill.Benchmarks;

/// <summary>
/// One in-process host composed like the web app: the Klaviyo sandbox on Kestrel 127.0.0.1 (random port) and the
/// Klaviyo client registered through <c>AddKlaviyoClient</c>, so the pull goes over a real socket through the
/// same HTTP pipeline, proactive limiter and parser as in production.
/// </summary>
internal sealed class KlaviyoSandboxHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KlaviyoSandboxHost(WebApplication app, Uri baseUrl, KlaviyoRequestWindows eventRequests)
    {
        _app = app;
        BaseUrl = baseUrl;
        EventRequests = eventRequests;
    }

    /// <summary>Arrivals at <c>GET /api/events</c> as the server counts them (clock-aligned windows).</summary>
    public KlaviyoRequestWindows EventRequests { get; }

    /// <summary><c>http://127.0.0.1:{port}/sandbox/klaviyo/</c>.</summary>
    public Uri BaseUrl { get; }

    public IKlaviyoClientFactory ClientFactory => _app.Services.GetRequiredService<IKlaviyoClientFactory>();

    public SandboxOptions SandboxOptions => _app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value;

    public KlaviyoOptions ClientOptions => _app.Services.GetRequiredService<IOptions<KlaviyoOptions>>().Value;

    /// <param name="historyEnd">Fixed last day of history, so runs are comparable.</param>
    /// <param name="account">Account slug that <paramref name="latencyMs"/> applies to.</param>
    /// <param name="latencyMs">Delay before every sandbox answer (the sandbox's own latency setting), to imitate Klaviyo's response times.</param>
    public static async Task<KlaviyoSandboxHost> StartAsync(DateOnly historyEnd, string account, int latencyMs, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Benchmark" });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddKlaviyoSandbox();
        builder.Services.AddKlaviyoClient();

        // Only what makes runs comparable is pinned; the rate limits stay at Klaviyo's tiers on both sides.
        builder.Services.PostConfigure<SandboxOptions>(o =>
        {
            o.Enabled = true;
            o.EnableControlEndpoint = false;
            o.HistoryEndDate = historyEnd;
            if (latencyMs > 0)
            {
                o.Faults[account] = new SandboxFaultSettings { LatencyMs = latencyMs };
            }
        });

        var app = builder.Build();
        var eventRequests = new KlaviyoRequestWindows(TimeProvider.System);
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(SandboxEndpoints.Prefix + "/api/events", StringComparison.Ordinal))
            {
                eventRequests.Record();
            }

            return next(context);
        });
        app.MapKlaviyoSandbox();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KlaviyoSandboxHost(app, new Uri(address.TrimEnd('/') + SandboxEndpoints.Prefix + "/"), eventRequests);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
