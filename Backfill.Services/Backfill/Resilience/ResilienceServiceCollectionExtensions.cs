using Backfill.Services.Quota;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Backfill.Services.Backfill.Resilience;

public static class ResilienceServiceCollectionExtensions
{
    /// <summary>Automatic retries, the start-up load's backoff, readiness and the reporting-quota ledger. Called by <c>AddBackfill</c>.</summary>
    public static IServiceCollection AddBackfillResilience(this IServiceCollection services)
    {
        services.AddOptions<AutoRetryOptions>()
            .BindConfiguration(AutoRetryOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<StartupLoadOptions>()
            .BindConfiguration(StartupLoadOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddReportingQuota();
        services.TryAddSingleton<CoordinatorReadiness>();
        services.TryAddSingleton<BackfillRunPolicy>();
        return services;
    }
}
