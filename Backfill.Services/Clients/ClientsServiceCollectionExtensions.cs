using Backfill.Services.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Clients;

public static class ClientsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IKlaviyoKeyResolver"/> (unless the host registered one first): Secret Manager with a
    /// configuration fallback when <c>SecretManager:ProjectId</c> is set, configuration alone otherwise.
    /// </summary>
    public static IServiceCollection AddKlaviyoKeyResolver(this IServiceCollection services)
    {
        services.AddSecretManager();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConfiguredKlaviyoKeyResolver>();
        services.TryAddSingleton<SecretManagerKlaviyoKeyResolver>();
        services.TryAddSingleton<IKlaviyoKeyResolver>(sp => sp.GetRequiredService<IOptions<SecretManagerOptions>>().Value.IsConfigured
            ? sp.GetRequiredService<SecretManagerKlaviyoKeyResolver>()
            : sp.GetRequiredService<ConfiguredKlaviyoKeyResolver>());
        return services;
    }
}
