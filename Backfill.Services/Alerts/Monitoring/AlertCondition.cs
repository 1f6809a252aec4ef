namespace Backfill.Services.Alerts.Monitoring;

/// <summary>
/// What a check found about one kind: <see cref="Active"/> (open or keep open, with <paramref name="Text"/> as the summary)
/// or not (resolve, with <paramref name="Text"/> saying how it cleared). A check with nothing to say returns no condition.
/// </summary>
internal sealed record AlertCondition(AlertKind Kind, bool Active, string Text, string? Detail = null, DateTimeOffset? Until = null)
{
    public static AlertCondition Open(AlertKind kind, string summary, string? detail = null, DateTimeOffset? until = null) => new(kind, true, summary, detail, until);

    public static AlertCondition Clear(AlertKind kind, string resolution) => new(kind, false, resolution);
}
