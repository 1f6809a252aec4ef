using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Backfill.Leases;

public static class LeasesServiceCollectionExtensions
{
    /// <summary>Lease options (<c>Backfill:Leases</c>) and this instance's id (<c>Backfill:InstanceId</c>).</summary>
    public static IServiceCollection AddLeases(this IServiceCollection services)
    {
        services.AddOptions<LeaseOptions>()
            .BindConfiguration(LeaseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(sp => InstanceIdentity.From(sp.GetRequiredService<IOptions<BackfillOptions>>().Value.InstanceId));
        return services;
    }
}
