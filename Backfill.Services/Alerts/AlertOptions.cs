using System.ComponentModel.DataAnnotations;

namespace Backfill.Services.Alerts;

/// <summary>
/// Alerts (configuration section <c>Alerts</c>): which conditions open an incident, how often an open one is repeated,
/// and the channels they are sent to. Every channel is off until its address is configured. Webhook URLs, the SMTP
/// password and the signing secret come from configuration (user-secrets, environment) or, through the <c>…Secret</c>
/// keys, from Secret Manager; none of them is ever logged or shown.
/// </summary>
public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>A run in progress without a new checkpoint for this long is stalled. Default 30 minutes.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>An incident still open this long after its last message is sent again. Default 24 hours.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan RenotifyAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Also send a message when a run completes. Default off.</summary>
    public bool NotifyCompleted { get; set; }

    /// <summary>
    /// Time of day (UTC) of the daily zero-orders check of every client (yesterday in the account's timezone against the
    /// 7 days before). A run that completes also checks its client. Default 07:00.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "23:59:59")]
    public TimeSpan ZeroOrdersCheckAt { get; set; } = TimeSpan.FromHours(7);

    /// <summary>How often stalls, reminders and the daily check are looked at. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Messages waiting per channel; when full the oldest is dropped (and logged), so a run never waits. Default 100.</summary>
    [Range(1, 10_000)]
    public int QueueCapacity { get; set; } = 100;

    /// <summary>Time allowed for one attempt to hand a message to a channel. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt when a channel fails transiently (5xx, 429, timeouts, network). Default 5.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 5;

    /// <summary>First retry delay; doubles each time, with jitter. Default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait between two attempts, also the cap on a receiver's <c>Retry-After</c>. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    public SlackAlertOptions Slack { get; set; } = new();

    public EmailAlertOptions Email { get; set; } = new();

    public WebhookAlertOptions Webhook { get; set; } = new();
}
