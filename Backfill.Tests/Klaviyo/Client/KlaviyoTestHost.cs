using Backfill.Services.Klaviyo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.Klaviyo.Client;

/// <summary>The real DI registration with the primary handler swapped for a script and time faked.</summary>
internal sealed class KlaviyoTestHost : IDisposable
{
    public const string Key = "pk_unit_test_secret_0123456789abcdef";

    private readonly ServiceProvider _provider;

    public KlaviyoTestHost(Action<KlaviyoOptions>? configure = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        Handler = new ScriptedKlaviyoHandler(Time);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging();
        services.AddKlaviyoClient();
        services.Configure<KlaviyoOptions>(options =>
        {
            options.BaseUrl = new Uri("https://klaviyo.test/");
            options.Retry.UseJitter = false;
            configure?.Invoke(options);
        });
        services.AddHttpClient(KlaviyoServiceCollectionExtensions.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => Handler);
        _provider = services.BuildServiceProvider();
        Factory = _provider.GetRequiredService<IKlaviyoClientFactory>();
    }

    public FakeTimeProvider Time { get; }

    public ScriptedKlaviyoHandler Handler { get; }

    public IKlaviyoClientFactory Factory { get; }

    public IKlaviyoClient Client(string key = Key, string label = "test-account") =>
        Factory.Create(new KlaviyoAccountContext(new KlaviyoApiKey(key), label));

    public void Dispose() => _provider.Dispose();
}
