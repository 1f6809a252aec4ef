using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Backfill.Services.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The instruments only (<see cref="BackfillMetrics"/>); safe to call from every feature that records.</summary>
    public static IServiceCollection AddBackfillMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<BackfillMetrics>();
        return services;
    }

    /// <summary>
    /// The instruments plus the recorder that derives run outcomes, durations and days-behind from the coordinator's
    /// board. Needs <see cref="Backfill.IBackfillCoordinator"/> (<c>AddBackfill</c>).
    /// </summary>
    public static IServiceCollection AddBackfillRunMetrics(this IServiceCollection services)
    {
        services.AddBackfillMetrics();
        services.AddHostedService<BackfillMetricsRecorder>();
        return services;
    }
}
