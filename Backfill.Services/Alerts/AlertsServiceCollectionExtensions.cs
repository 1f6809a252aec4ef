using Backfill.Services.Alerts.Channels;
using Backfill.Services.Alerts.Monitoring;
using Backfill.Services.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>Name of the HttpClient the Slack and webhook channels post with.</summary>
    public const string HttpClientName = "Alerts";

    /// <summary>
    /// Alerts: <see cref="AlertOptions"/> (section <c>Alerts</c>, validated on start), the channels, the dispatcher and the
    /// monitor (both hosted services), <see cref="IAlertSignals"/>, <see cref="AlertBoard"/> and
    /// <see cref="AlertIncidentStore"/>. Needs the backfill feature (<c>AddBackfill</c>) and a document store.
    /// </summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddOptions<AlertOptions>()
            .BindConfiguration(AlertOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>());
        services.AddSecretManager();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),

                // A signed alert goes where it was configured to go, not wherever a redirect points.
                AllowAutoRedirect = false,
            })
            // The factory's loggers write each request's URL, and a webhook URL is a credential.
            .RemoveAllLoggers();

        services.TryAddSingleton<AlertSecretReader>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertChannel, SlackAlertChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertChannel, EmailAlertChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertChannel, WebhookAlertChannel>());
        services.TryAddSingleton<AlertIncidentStore>();
        services.TryAddSingleton<AlertBoard>();

        // Dispatcher first: hosted services stop in reverse order, so the monitor stops before the sender it feeds.
        services.TryAddSingleton<AlertDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertDispatcher>());
        services.TryAddSingleton<AlertMonitor>();
        services.TryAddSingleton<IAlertSignals>(sp => sp.GetRequiredService<AlertMonitor>());
        services.AddHostedService(sp => sp.GetRequiredService<AlertMonitor>());
        return services;
    }
}
