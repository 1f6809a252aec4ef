namespace Backfill.KlaviyoSandbox;

internal enum SandboxMetricKind
{
    PlacedOrder,
    SecondaryPlacedOrder,
    ReceivedEmail,
    OpenedEmail,
    ClickedEmail,
    ReceivedSms,
    ClickedSms,
    NoEvents,
    RefundedOrder,
    CancelledOrder,
}

internal sealed record SandboxIntegration(string Id, string Key, string Name, string Category);

internal sealed record SandboxMetric(string Id, string Name, SandboxIntegration Integration, DateTimeOffset Created, SandboxMetricKind Kind);

internal sealed record SandboxTag(string Id, string Name);

internal sealed record SandboxCampaignMessage(
    string Id,
    string Channel,
    string Label,
    string Subject,
    string PreviewText,
    string Body,
    string TemplateId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal sealed record SandboxCampaign(
    int Index,
    string Id,
    string Name,
    string Status,
    bool Archived,
    string Channel,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SendTime,
    bool SmartSendTime,
    string AudienceListId,
    SandboxCampaignMessage Message,
    IReadOnlyList<SandboxTag> Tags)
{
    public bool WasSent => Status == "Sent" && SendTime is not null;

    /// <summary>The reporting API's name for the channel.</summary>
    public string SendChannel => SandboxChannels.ToSendChannel(Channel);
}

internal sealed record SandboxFlowMessage(
    int GlobalIndex,
    string Id,
    string ActionId,
    string Name,
    string Channel,
    double DailyVolume,
    SandboxFlow Flow)
{
    public string SendChannel => SandboxChannels.ToSendChannel(Channel);
}

internal sealed class SandboxFlow
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Status { get; init; }

    public required bool Archived { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required DateTimeOffset Updated { get; init; }

    public required string TriggerType { get; init; }

    public required DateOnly ActiveFrom { get; init; }

    public required DateOnly ActiveUntil { get; init; }

    public required IReadOnlyList<SandboxTag> Tags { get; init; }

    public List<SandboxFlowMessage> Messages { get; } = [];

    public List<string> ActionIds { get; } = [];

    public bool SendsOn(DateOnly day) => Status is "live" or "manual" && day >= ActiveFrom && day <= ActiveUntil;
}

internal static class SandboxChannels
{
    public static string ToSendChannel(string channel) => channel == "mobile_push" ? "push-notification" : channel;
}
