using Backfill.KlaviyoSandbox;
using Backfill.Services.Backfill;
using Backfill.Services.Klaviyo;
using Backfill.Services.Storage;
using Backfill.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Backfill.Tests.Backfilling;

/// <summary>
/// The backfill feature as the web app composes it (coordinator as hosted service, engine, Klaviyo client), in a
/// generic host over a given store, fetching from a <see cref="SandboxServer"/> over real HTTP.
/// </summary>
internal sealed class BackfillTestHost : IAsyncDisposable
{
    /// <summary>Reporting buckets unthrottled on our side (the sandbox's limiter is off too), so a year runs in seconds.</summary>
    public static readonly IReadOnlyDictionary<string, string?> FastKlaviyo = new Dictionary<string, string?>
    {
        ["Klaviyo:Limits:campaign-values-reports:Steady"] = "0",
        ["Klaviyo:Limits:campaign-values-reports:Daily"] = "0",
        ["Klaviyo:Limits:flow-values-reports:Steady"] = "0",
        ["Klaviyo:Limits:flow-values-reports:Daily"] = "0",
        ["Klaviyo:Limits:flow-series-reports:Steady"] = "0",
        ["Klaviyo:Limits:flow-series-reports:Daily"] = "0",
        ["Klaviyo:Limits:flow-series-reports:Burst"] = "0",
        ["Klaviyo:Limits:campaign-values-reports:Burst"] = "0",
        ["Klaviyo:Limits:flow-values-reports:Burst"] = "0",
        ["Klaviyo:Retry:BaseDelay"] = "00:00:00.050",
        ["Klaviyo:Retry:MaxDelay"] = "00:00:00.500",
        ["Klaviyo:Retry:MaxRetryAttempts"] = "8",
        ["Backfill:ProgressInterval"] = "00:00:00.050",
    };

    private readonly IHost _host;

    /// <summary>
    /// A sandbox with history through yesterday (UTC), so a run ending "yesterday" in any timezone has data on every
    /// day, and with its limiter off (the client's reporting limits are off too, see <see cref="FastKlaviyo"/>).
    /// </summary>
    public static Task<SandboxServer> StartSandboxAsync(Action<SandboxOptions>? configure = null) =>
        SandboxServer.StartAsync(o =>
        {
            o.HistoryEndDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
            o.RateLimitsEnabled = false;
            configure?.Invoke(o);
        }, cancellationToken: TestContext.Current.CancellationToken);

    private BackfillTestHost(IHost host) => _host = host;

    public IBackfillCoordinator Coordinator => _host.Services.GetRequiredService<IBackfillCoordinator>();

    public IServiceProvider Services => _host.Services;

    public static async Task<BackfillTestHost> StartAsync(
        IDocumentStore store, Uri sandbox, IReadOnlyDictionary<string, string?>? configuration = null, ILoggerProvider? logs = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(FastKlaviyo);
        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<IKlaviyoSandboxAddress>(new FixedKlaviyoSandboxAddress(sandbox));
        services?.Invoke(builder.Services);
        builder.Services.AddBackfill();
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new BackfillTestHost(host);
    }

    /// <summary>Registers the sandbox account <paramref name="slug"/> as a client.</summary>
    public async Task AddSandboxClientAsync(string slug)
    {
        var result = await Coordinator.AddClientAsync(new Services.Clients.NewClient(slug, slug, SandboxAccount: true), TestContext.Current.CancellationToken);
        Assert.True(result.Accepted, result.Message);
    }

    /// <summary>Waits, through a subscription (no polling), until the client's status satisfies <paramref name="condition"/>.</summary>
    public async Task<BackfillStatus> WaitForAsync(string clientId, Func<BackfillStatus, bool> condition, TimeSpan? timeout = null)
    {
        using var subscription = Coordinator.Subscribe();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromMinutes(3));
        BackfillStatus? last = null;
        try
        {
            await foreach (var board in subscription.Updates.ReadAllAsync(limit.Token))
            {
                last = board.Statuses.FirstOrDefault(s => s.ClientId.Value == clientId);
                if (last is not null && condition(last))
                {
                    return last;
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
        }

        throw new TimeoutException($"{clientId} did not reach the expected state; last: {last?.State} {last?.Phase} {last?.Error}");
    }

    public Task<BackfillStatus> WaitUntilFinishedAsync(string clientId, TimeSpan? timeout = null) =>
        WaitForAsync(clientId, s => s.State is BackfillState.Completed or BackfillState.Failed or BackfillState.Cancelled, timeout);

    public Task StopAsync() => _host.StopAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
