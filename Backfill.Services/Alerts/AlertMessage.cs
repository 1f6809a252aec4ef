namespace Backfill.Services.Alerts;

/// <summary>
/// One message as every channel sends it: Slack and e-mail show <see cref="Title"/> and <see cref="Text"/>, the webhook
/// sends every field. Built by <see cref="AlertText"/>, already redacted.
/// </summary>
public sealed record AlertMessage
{
    /// <summary>The same on every attempt and channel, so a receiver can drop a message it already has.</summary>
    public required Guid DeliveryId { get; init; }

    public required AlertEvent Event { get; init; }

    /// <summary>Null for a test alert.</summary>
    public AlertKind? Kind { get; init; }

    /// <summary>Null for a test alert.</summary>
    public string? ClientId { get; init; }

    public string? ClientName { get; init; }

    public required string Title { get; init; }

    public required string Text { get; init; }

    public DateTimeOffset? OpenedAt { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }
}
