using Backfill.KlaviyoSandbox;
using Backfill.Services.Klaviyo;
using Backfill.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Klaviyo.Client;

/// <summary>The sandbox on a real socket plus the production client registration pointed at it (real clock).</summary>
internal sealed class SandboxClientHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private SandboxClientHost(SandboxServer server, ServiceProvider provider)
    {
        Server = server;
        _provider = provider;
        Factory = provider.GetRequiredService<IKlaviyoClientFactory>();
    }

    public SandboxServer Server { get; }

    public IKlaviyoClientFactory Factory { get; }

    public static async Task<SandboxClientHost> StartAsync(Action<SandboxOptions>? sandbox = null, Action<KlaviyoOptions>? client = null)
    {
        var server = await SandboxServer.StartAsync(sandbox, cancellationToken: TestContext.Current.CancellationToken);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddKlaviyoClient();
        services.Configure<KlaviyoOptions>(options =>
        {
            // Short backoff keeps fault-injection tests quick; Retry-After still governs 429s.
            options.Retry.BaseDelay = TimeSpan.FromMilliseconds(20);
            client?.Invoke(options);
        });
        return new SandboxClientHost(server, services.BuildServiceProvider());
    }

    public IKlaviyoClient Client(string account) =>
        Factory.Create(new KlaviyoAccountContext(new KlaviyoApiKey(SandboxServer.KeyFor(account)), account, Server.BaseAddress));

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Server.DisposeAsync();
    }
}
