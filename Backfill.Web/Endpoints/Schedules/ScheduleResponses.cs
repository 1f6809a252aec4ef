using Backfill.Services.Schedules;

namespace Backfill.Web.Endpoints.Schedules;

/// <summary>The schedules API's shapes (snake_case on the wire).</summary>
internal sealed record SchedulesResponse(
    bool Paused, DateTimeOffset? PauseChangedAt, bool SchedulerEnabled, int StaggerMinutes, string FallbackTimezone,
    ScheduleResponse Default, IReadOnlyList<ClientScheduleResponse> Clients);

internal sealed record ScheduleResponse(string Cron, string Kind, bool Enabled, string Description, DateTimeOffset? UpdatedAt, string? UpdatedBy)
{
    public static ScheduleResponse From(ScheduleDefinition s) => new(
        s.Cron, s.Kind.ToWire(), s.Enabled, ScheduleDescriber.Describe(s.Cron), s.UpdatedAt == DateTimeOffset.MinValue ? null : s.UpdatedAt, s.UpdatedBy);
}

/// <param name="Source"><c>own</c> or <c>default</c>: which schedule the client follows.</param>
/// <param name="TimezoneSource"><c>account</c> (read from Klaviyo by a run) or <c>fallback</c> (Schedules:FallbackTimeZone until then).</param>
internal sealed record ClientScheduleResponse(
    string ClientId, string ClientName, string Source, string Cron, string Kind, bool Enabled, string Timezone, string TimezoneSource,
    string Description, int StaggerSeconds, DateTimeOffset? NextRunUtc, DateTimeOffset? NextRunLocal, LastScheduledRunResponse? Last)
{
    public static ClientScheduleResponse From(ClientSchedule c) => new(
        c.ClientId.Value, c.ClientName, c.IsOwn ? "own" : "default", c.Schedule.Cron, c.Schedule.Kind.ToWire(), c.Schedule.Enabled, c.TimeZone,
        c.TimeZoneFromAccount ? "account" : "fallback", c.Description, (int)c.StaggerOffset.TotalSeconds, c.NextRunUtc, c.NextRunLocal,
        c.Last is { LastOutcome: { } outcome } last
            ? new LastScheduledRunResponse(outcome.ToWire(), last.LastReason, last.LastRunAt, last.LastSlot, last.LastKind?.ToWire(), last.RunId)
            : null);
}

/// <param name="ScheduledFor">The schedule time it was for (before staggering), UTC.</param>
internal sealed record LastScheduledRunResponse(string Outcome, string? Reason, DateTimeOffset? At, DateTimeOffset? ScheduledFor, string? Kind, string? RunId);

/// <summary>The body of the schedule PUTs, for the OpenAPI document.</summary>
internal sealed record ScheduleBody(string Cron, string? Kind, bool? Enabled);

/// <summary>The body of <c>PUT /api/schedules/pause</c>, for the OpenAPI document.</summary>
internal sealed record PauseBody(bool Paused);
