using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Backfill.Services.Schedules;

public static class SchedulesServiceCollectionExtensions
{
    /// <summary>
    /// Schedules: <see cref="ScheduleOptions"/> (section <c>Schedules</c>, validated on start), <see cref="ScheduleStore"/>,
    /// <see cref="ScheduleBook"/>, <see cref="ScheduleRunner"/> and the hosted <see cref="SchedulerService"/>. Needs the
    /// backfill feature (<c>AddBackfill</c>) and a document store.
    /// </summary>
    public static IServiceCollection AddSchedules(this IServiceCollection services)
    {
        services.AddOptions<ScheduleOptions>()
            .BindConfiguration(ScheduleOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => ScheduleCalendar.FindZone(o.FallbackTimeZone) is not null, "Schedules:FallbackTimeZone must be a timezone this machine knows (an IANA id such as UTC or America/Los_Angeles)")
            .ValidateOnStart();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ScheduleStore>();
        services.TryAddSingleton<ScheduleBook>();
        services.TryAddSingleton<ScheduleRunner>();
        services.AddHostedService<SchedulerService>();
        return services;
    }
}
