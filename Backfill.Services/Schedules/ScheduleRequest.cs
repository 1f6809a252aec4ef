namespace Backfill.Services.Schedules;

/// <summary>
/// A schedule as a caller sends it: <c>{"cron":"0 3 * * *","kind":"refresh","enabled":true}</c>. Kind defaults to
/// refresh and enabled to true; cron is required.
/// </summary>
public sealed record ScheduleRequest(string? Cron, string? Kind = null, bool? Enabled = null)
{
    /// <summary>Field name (as in the API) → problems; empty when valid.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!ScheduleCron.TryParse(Cron, out _, out var cronError))
        {
            errors["cron"] = [cronError];
        }

        if (Kind is not null && ScheduleKinds.FromWire(Kind) is null)
        {
            errors["kind"] = [$"kind must be one of {string.Join(", ", ScheduleKinds.WireNames)}"];
        }

        return errors;
    }

    /// <summary>The schedule this request sets (call only when <see cref="Validate"/> found nothing).</summary>
    public ScheduleDefinition ToDefinition(DateTimeOffset now, string? by) =>
        new(ScheduleCron.Normalize(Cron!), ScheduleKinds.FromWire(Kind) ?? ScheduleKind.Refresh, Enabled ?? true, now, by);
}
