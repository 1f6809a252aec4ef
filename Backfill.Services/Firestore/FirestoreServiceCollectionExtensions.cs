using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Firestore;

public static class FirestoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Firestore store: <see cref="FirestoreOptions"/> from section <c>Firestore</c>, the typed
    /// <see cref="FirestoreRestClient"/> and <see cref="FirestoreDocumentStore"/> as a singleton of its concrete
    /// type (the composition root decides which store serves <c>IDocumentStore</c>).
    /// </summary>
    public static IServiceCollection AddFirestoreStore(this IServiceCollection services)
    {
        services.AddOptions<FirestoreOptions>()
            .BindConfiguration(FirestoreOptions.SectionName)
            .PostConfigure(options => options.ApplyEnvironment())
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FirestoreCredentialSource>();
        services.AddTransient(sp => new FirestoreAuthHandler(
            sp.GetRequiredService<FirestoreCredentialSource>(), sp.GetRequiredService<IOptions<FirestoreOptions>>().Value));
        services.AddHttpClient<FirestoreRestClient>((sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<FirestoreOptions>>().Value.BaseAddress)
            .ConfigurePrimaryHttpMessageHandler(sp => CreatePrimaryHandler(sp.GetRequiredService<IOptions<FirestoreOptions>>().Value))
            .AddHttpMessageHandler<FirestoreAuthHandler>()
            // The store is a singleton holding one client; the socket handler recycles connections itself.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        // One 500/50/5 ramp-up per database for the whole process: every bulk writer (a run has several) waits on it.
        services.TryAddSingleton(sp => new RampUpRateLimiter(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<FirestoreDocumentStore>();
        return services;
    }

    /// <summary>
    /// Pooled sockets with enough connections for parallel batches; connections are recycled every few minutes
    /// so DNS changes are picked up. HTTP/2 is preferred in production (the emulator only speaks HTTP/1.1).
    /// </summary>
    public static SocketsHttpHandler CreatePrimaryHandler(FirestoreOptions options) => new()
    {
        MaxConnectionsPerServer = options.MaxConnections,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.GZip,
        EnableMultipleHttp2Connections = true,
    };
}
