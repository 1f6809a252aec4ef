using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Backfill.Services.Logging;

/// <summary>Turns on secret masking for every log message of the application.</summary>
public static class SecretRedactionLoggingBuilderExtensions
{
    /// <summary>
    /// Masks secrets (see <see cref="SecretRedactor"/>) in every message, exception and structured value before any
    /// logging provider sees it — providers added before this call and after it alike.
    /// </summary>
    /// <remarks>
    /// It decorates the <see cref="ILoggerFactory"/> registration rather than each <see cref="ILoggerProvider"/>: every
    /// <c>ILogger&lt;T&gt;</c> comes from that one factory, which is resolved only after all registrations are done,
    /// so providers registered later are covered without a second call. Providers keep their own types, so per-provider
    /// filter rules (<c>Logging:Console:LogLevel</c>) and <c>ProviderAlias</c> names still apply. Calling it twice
    /// wraps once.
    /// </remarks>
    public static ILoggingBuilder AddSecretRedaction(this ILoggingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(RedactionMarker)))
        {
            return builder;
        }

        services.AddSingleton<RedactionMarker>();
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory) && !d.IsKeyedService)
            ?? ServiceDescriptor.Singleton<ILoggerFactory, LoggerFactory>();
        services.RemoveAll<ILoggerFactory>();
        switch (existing)
        {
            case { ImplementationInstance: ILoggerFactory instance }:
                services.AddSingleton<ILoggerFactory>(_ => new RedactingLoggerFactory(instance, ownsInner: false));
                break;
            case { ImplementationFactory: { } factory }:
                // The container disposed what the factory made; now the wrapper does.
                services.AddSingleton<ILoggerFactory>(provider => new RedactingLoggerFactory((ILoggerFactory)factory(provider), ownsInner: true));
                break;
            case { ImplementationType: { } type }:
                // The concrete factory stays a container singleton, built (constructor choice, disposal) exactly as before.
                services.TryAdd(ServiceDescriptor.Singleton(type, type));
                services.AddSingleton<ILoggerFactory>(provider => new RedactingLoggerFactory((ILoggerFactory)provider.GetRequiredService(type), ownsInner: false));
                break;
            default:
                throw new InvalidOperationException("The ILoggerFactory registration has no implementation to decorate.");
        }

        return builder;
    }

    /// <summary>Marks the collection as already decorated.</summary>
    private sealed class RedactionMarker;
}
