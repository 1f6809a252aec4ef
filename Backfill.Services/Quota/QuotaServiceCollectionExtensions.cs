using Backfill.Services.Klaviyo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Backfill.Services.Quota;

public static class QuotaServiceCollectionExtensions
{
    /// <summary>
    /// The reporting-quota ledger and its observer in the Klaviyo HTTP pipeline (added after the Klaviyo client's own
    /// handlers, so it runs inside the retry loop and sees every attempt). Called by <c>AddBackfill</c>.
    /// </summary>
    public static IServiceCollection AddReportingQuota(this IServiceCollection services)
    {
        services.AddOptions<ReportingQuotaOptions>()
            .BindConfiguration(ReportingQuotaOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReportingQuotaLedger>();
        services.TryAddSingleton<ReportingQuotaReadings>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Telemetry.IReportingBudgetSource, ReportingQuotaReadings>(sp => sp.GetRequiredService<ReportingQuotaReadings>()));
        services.TryAddSingleton<ReportingQuotaReport>();
        services.TryAddTransient<ReportingQuotaObserver>();
        services.AddHttpClient(KlaviyoServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler<ReportingQuotaObserver>();
        return services;
    }
}
