using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;

namespace Backfill.Services.Schedules;

/// <summary>Schedule documents ↔ records. Field names are the API's.</summary>
internal static class ScheduleDocuments
{
    public static readonly DocumentPath DefaultPath = DataLayout.ScheduleSettings.Document("default");

    public static readonly DocumentPath PausePath = DataLayout.ScheduleSettings.Document("pause");

    public static IReadOnlyDictionary<string, object?> ToFields(ScheduleDefinition schedule, ClientId? clientId = null)
    {
        var fields = new Dictionary<string, object?>
        {
            ["cron"] = schedule.Cron,
            ["kind"] = schedule.Kind.ToWire(),
            ["enabled"] = schedule.Enabled,
            ["updated_at"] = schedule.UpdatedAt,
            ["updated_by"] = schedule.UpdatedBy,
        };
        if (clientId is { } id)
        {
            fields["client_id"] = id.Value;
        }

        return fields;
    }

    /// <summary>The schedule, or null for a document this version cannot read (a bad expression, an unknown kind).</summary>
    public static ScheduleDefinition? DefinitionFrom(Document? document)
    {
        if (document is null)
        {
            return null;
        }

        var f = document.Fields;
        var cron = f.String("cron");
        if (!ScheduleCron.TryParse(cron, out _, out _) || ScheduleKinds.FromWire(f.String("kind")) is not { } kind)
        {
            return null;
        }

        return new ScheduleDefinition(cron!, kind, f.Bool("enabled"), f.Time("updated_at") ?? document.UpdateTime, f.String("updated_by"));
    }

    public static IReadOnlyDictionary<string, object?> PauseFields(bool paused, DateTimeOffset changedAt, string? changedBy) => new Dictionary<string, object?>
    {
        ["paused"] = paused,
        ["changed_at"] = changedAt,
        ["changed_by"] = changedBy,
    };

    public static IReadOnlyDictionary<string, object?> ToFields(ScheduleRunState state) => new Dictionary<string, object?>
    {
        ["client_id"] = state.ClientId.Value,
        ["since"] = state.Since,
        ["last_slot"] = state.LastSlot,
        ["last_run_at"] = state.LastRunAt,
        ["last_outcome"] = state.LastOutcome?.ToWire(),
        ["last_reason"] = state.LastReason,
        ["last_kind"] = state.LastKind?.ToWire(),
        ["run_id"] = state.RunId,
    };

    public static ScheduleRunState? StateFrom(Document document)
    {
        var f = document.Fields;
        if (!ClientId.TryParse(f.String("client_id"), out var clientId, out _) || f.Time("since") is not { } since)
        {
            return null;
        }

        return new ScheduleRunState(
            clientId, since, f.Time("last_slot"), f.Time("last_run_at"), ScheduleOutcomes.FromWire(f.String("last_outcome")),
            f.String("last_reason"), ScheduleKinds.FromWire(f.String("last_kind")), f.String("run_id"));
    }
}
