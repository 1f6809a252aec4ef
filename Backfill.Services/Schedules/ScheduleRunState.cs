using Backfill.Services.Storage;

namespace Backfill.Services.Schedules;

/// <summary>
/// What the scheduler remembers of one client, so a restart knows what already ran: since when it watches the client
/// (<see cref="Since"/>: earlier times are not caught up), the last schedule time it handled (<see cref="LastSlot"/>,
/// before staggering), and what happened then.
/// </summary>
public sealed record ScheduleRunState(
    ClientId ClientId,
    DateTimeOffset Since,
    DateTimeOffset? LastSlot = null,
    DateTimeOffset? LastRunAt = null,
    ScheduleOutcome? LastOutcome = null,
    string? LastReason = null,
    ScheduleKind? LastKind = null,
    string? RunId = null);
