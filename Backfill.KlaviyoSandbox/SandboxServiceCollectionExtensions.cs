using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Backfill.KlaviyoSandbox;

/// <summary>DI registration of the Klaviyo sandbox.</summary>
public static class SandboxServiceCollectionExtensions
{
    /// <summary>Registers the sandbox's services and binds <see cref="SandboxOptions"/> from <c>Klaviyo:Sandbox</c>.</summary>
    public static IServiceCollection AddKlaviyoSandbox(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>()
            .BindConfiguration(SandboxOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SandboxWorld>();
        services.TryAddSingleton<SandboxFaults>();
        services.TryAddSingleton<SandboxChanges>();
        services.TryAddSingleton<SandboxRateLimiter>();
        return services;
    }
}
