using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Storage.Embedded;

public static class EmbeddedStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="EmbeddedDocumentStore"/> as a singleton of its concrete type, configured from
    /// <c>Storage:Embedded</c>. The composition root decides whether it serves as the <see cref="IDocumentStore"/>.
    /// </summary>
    public static IServiceCollection AddEmbeddedStore(this IServiceCollection services)
    {
        services.AddOptions<EmbeddedStoreOptions>()
            .BindConfiguration(EmbeddedStoreOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new EmbeddedDocumentStore(
            ResolvePath(sp.GetRequiredService<IOptions<EmbeddedStoreOptions>>().Value.Path, sp.GetService<IHostEnvironment>()),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>A relative path is relative to the content root when there is a host, else to the current directory.</summary>
    private static string ResolvePath(string path, IHostEnvironment? environment) =>
        Path.IsPathRooted(path) || environment is null ? path : Path.Combine(environment.ContentRootPath, path);
}
