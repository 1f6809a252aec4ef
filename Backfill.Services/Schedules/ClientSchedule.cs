using Backfill.Services.Storage;

namespace Backfill.Services.Schedules;

/// <summary>
/// One client's schedule as shown: the schedule it follows (its own or the default), the timezone it is read in, in
/// words, its next start (UTC and local; null while paused, disabled, or the scheduler is off) and its last outcome.
/// </summary>
public sealed record ClientSchedule(
    ClientId ClientId,
    string ClientName,
    ScheduleDefinition Schedule,
    bool IsOwn,
    string TimeZone,
    bool TimeZoneFromAccount,
    TimeSpan StaggerOffset,
    string Description,
    DateTimeOffset? NextRunUtc,
    DateTimeOffset? NextRunLocal,
    ScheduleRunState? Last);
