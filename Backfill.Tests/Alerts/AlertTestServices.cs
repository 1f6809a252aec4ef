using Backfill.Services.Alerts;
using Backfill.Services.Backfill;
using Backfill.Services.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.Alerts;

/// <summary>The alerts feature as the app registers it (<c>AddAlerts</c>), over the given configuration, clock and logs.</summary>
internal static class AlertTestServices
{
    /// <summary>Noon, a Saturday in March: far from midnight and from the zero-orders check in any test that does not ask for it.</summary>
    public static readonly DateTimeOffset Noon = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);

    public static ServiceProvider Build(
        IReadOnlyDictionary<string, string?> configuration,
        TimeProvider? timeProvider = null,
        ILoggerProvider? logs = null,
        IDocumentStore? store = null,
        IBackfillCoordinator? coordinator = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        services.AddSingleton(timeProvider ?? new FakeTimeProvider(Noon));
        if (store is not null)
        {
            services.AddSingleton(store);
        }

        if (coordinator is not null)
        {
            services.AddSingleton(coordinator);
        }

        services.AddAlerts();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Retries a few times with short (fake) delays.</summary>
    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Alerts:MaxRetries"] = "3",
            ["Alerts:RetryBaseDelay"] = "00:00:01",
            ["Alerts:RetryMaxDelay"] = "00:05:00",
            ["Alerts:SendTimeout"] = "00:00:10",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    public static AlertIncident Incident(string clientId = "acme", AlertKind kind = AlertKind.RunFailed) => new()
    {
        ClientId = ClientId.Parse(clientId),
        ClientName = "Acme Outfitters",
        Kind = kind,
        Summary = "The backfill run failed after its retries.",
        Detail = "Klaviyo answered 500: upstream error (attempt 2; checkpoint 2026-03-01)",
        OpenedAt = Noon,
        LastNotifiedAt = Noon,
    };

    /// <summary>
    /// Advances the fake clock a step at a time until <paramref name="done"/>, giving the real sockets a moment after
    /// each step (waiting on the receiver's next request, not on a clock the code under test reads).
    /// </summary>
    public static async Task AdvanceUntilAsync(FakeTimeProvider time, Receivers.HttpReceiver receiver, Func<bool> done, TimeSpan step, int maxSteps = 2000)
    {
        for (var i = 0; i < maxSteps && !done(); i++)
        {
            time.Advance(step);
            await receiver.NextArrivalAsync(TimeSpan.FromMilliseconds(20));
        }

        Assert.True(done(), $"not reached after {maxSteps} steps of {step}; {receiver.Attempts} requests");
    }
}
