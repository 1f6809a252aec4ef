namespace Backfill.Services.Alerts;

/// <summary><c>Alerts:Slack</c>: a Slack incoming webhook. Off unless one of the two keys is set.</summary>
public sealed class SlackAlertOptions
{
    /// <summary>The incoming webhook's URL (<c>https://hooks.slack.com/services/…</c>); it is a credential, so keep it out of appsettings.json.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Instead of <see cref="WebhookUrl"/>: the Secret Manager secret that holds it.</summary>
    public string? WebhookUrlSecret { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(WebhookUrl) || !string.IsNullOrWhiteSpace(WebhookUrlSecret);
}
