using Backfill.Services.Firestore;
using Backfill.Services.Storage.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Services.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the one <see cref="IDocumentStore"/> the app uses, chosen by <see cref="StorageSelection"/>:
    /// the embedded SQLite store by default, Firestore when configured or when an emulator or project is set.
    /// </summary>
    public static IServiceCollection AddDocumentStore(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = StorageSelection.Choose(configuration);
        if (provider == StorageProvider.Firestore)
        {
            services.AddFirestoreStore();
            services.PostConfigure<FirestoreOptions>(options =>
            {
                // The emulator accepts any project id; a fixed local one keeps `FIRESTORE_EMULATOR_HOST=… dotnet run` working.
                if (string.IsNullOrWhiteSpace(options.ProjectId) && options.UsesEmulator)
                {
                    options.ProjectId = StorageSelection.LocalEmulatorProjectId;
                }
            });
            services.AddSingleton<IDocumentStore>(sp => sp.GetRequiredService<FirestoreDocumentStore>());
        }
        else
        {
            services.AddEmbeddedStore();
            services.AddSingleton<IDocumentStore>(sp => sp.GetRequiredService<EmbeddedDocumentStore>());
        }

        return services;
    }
}
