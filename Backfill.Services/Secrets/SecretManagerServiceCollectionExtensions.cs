using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Secrets;

public static class SecretManagerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SecretManagerOptions"/> (section <c>SecretManager</c>, validated on start), the typed
    /// <see cref="SecretManagerClient"/> and <see cref="ISecretSource"/>. Nothing is contacted and no credentials are
    /// loaded until a secret is read, and only when <c>SecretManager:ProjectId</c> is set.
    /// </summary>
    public static IServiceCollection AddSecretManager(this IServiceCollection services)
    {
        services.AddOptions<SecretManagerOptions>()
            .BindConfiguration(SecretManagerOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecretManagerOptions>, SecretManagerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SecretManagerCredentialSource>();
        services.AddHttpClient<SecretManagerClient>((sp, http) =>
            {
                http.Timeout = sp.GetRequiredService<IOptions<SecretManagerOptions>>().Value.RequestTimeout;
                // A secret is at most 64 KiB; an answer far larger is not Secret Manager's.
                http.MaxResponseContentBufferSize = 1024 * 1024;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            // The key resolver is a singleton holding one client; the socket handler recycles connections itself.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<ISecretSource>(sp => sp.GetRequiredService<SecretManagerClient>());
        return services;
    }
}
