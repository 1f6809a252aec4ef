using Backfill.Services.Backfill.Data;
using Backfill.Services.Backfill.Engine;
using Backfill.Services.Backfill.Resilience;
using Backfill.Services.Backfill.Leases;
using Backfill.Services.Clients;
using Backfill.Services.Klaviyo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Backfill.Services.Backfill;

public static class BackfillServiceCollectionExtensions
{
    /// <summary>
    /// The coordinator (one singleton, also the hosted service), the engine, the client registry, the data queries and
    /// the Klaviyo client. Needs an <see cref="Storage.IDocumentStore"/>; <see cref="IKlaviyoKeyResolver"/> defaults to
    /// Secret Manager when <c>SecretManager:ProjectId</c> is set, else configuration, and <see cref="IKlaviyoSandboxAddress"/> to "no sandbox" unless the host registers others first.
    /// </summary>
    public static IServiceCollection AddBackfill(this IServiceCollection services)
    {
        services.AddOptions<BackfillOptions>()
            .BindConfiguration(BackfillOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RefreshOptions>()
            .BindConfiguration(RefreshOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddLeases();
        services.AddKlaviyoClient();
        services.AddBackfillResilience();
        services.TryAddSingleton(TimeProvider.System);
        services.AddKlaviyoKeyResolver();
        services.TryAddSingleton<IKlaviyoSandboxAddress>(new FixedKlaviyoSandboxAddress(null));
        services.TryAddSingleton<KlaviyoAccountResolver>();
        services.TryAddSingleton<ClientRegistry>();
        services.TryAddSingleton<BackfillEngine>();
        services.TryAddSingleton<BackfillDataQueries>();
        services.TryAddSingleton<Data.Ranges.RangeQueries>();
        services.TryAddSingleton<DayOrderQueries>();
        services.TryAddSingleton<History.RunHistory>();
        services.TryAddSingleton<Validation.CopyValidator>();
        services.TryAddSingleton<Validation.ValidationCommands>();
        services.TryAddSingleton<Bulk.BulkCommands>();
        services.TryAddSingleton<Clients.Onboarding.ClientConnectionTester>();
        services.TryAddSingleton<Clients.Onboarding.ClientImporter>();
        services.TryAddSingleton<OrdersCsvExport>();
        services.TryAddSingleton<Export.BackfillExporter>();
        services.TryAddSingleton<BackfillCoordinator>();
        services.TryAddSingleton<IBackfillCoordinator>(sp => sp.GetRequiredService<BackfillCoordinator>());
        services.AddHostedService(sp => sp.GetRequiredService<BackfillCoordinator>());
        return services;
    }
}
