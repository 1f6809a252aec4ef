using System.Globalization;
using Backfill.Services.Logging;

namespace Backfill.Services.Alerts;

/// <summary>The words of every message, in one place; everything that came from elsewhere (errors) is redacted again.</summary>
public static class AlertText
{
    public const string Prefix = "[Backfill]";

    public static AlertMessage ForIncident(AlertIncident incident, AlertEvent @event, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var subject = $"{incident.ClientName} ({incident.ClientId}): {incident.Kind.Describe()}";
        (string Title, string?[] Lines) text = @event switch
        {
            AlertEvent.Opened or AlertEvent.Notice => ($"{Prefix} {subject}", [incident.Summary, incident.Detail]),
            AlertEvent.Reminder => ($"{Prefix} Still open: {subject}", [incident.Summary, incident.Detail, $"Open since {Time(incident.OpenedAt)}."]),
            AlertEvent.Resolved => ($"{Prefix} Resolved: {subject}", [$"Resolved: {incident.Resolution ?? "the condition cleared"}.", $"Was: {incident.Summary}", $"Open from {Time(incident.OpenedAt)} to {Time(now)}."]),
            _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, null),
        };
        return new AlertMessage
        {
            DeliveryId = Guid.NewGuid(),
            Event = @event,
            Kind = incident.Kind,
            ClientId = incident.ClientId.Value,
            ClientName = incident.ClientName,
            Title = SecretRedactor.Redact(text.Title),
            Text = SecretRedactor.Redact(string.Join('\n', text.Lines.Where(l => !string.IsNullOrWhiteSpace(l)))),
            OpenedAt = incident.OpenedAt,
            OccurredAt = now,
        };
    }

    public static AlertMessage Test(string requestedBy, DateTimeOffset now) => new()
    {
        DeliveryId = Guid.NewGuid(),
        Event = AlertEvent.Test,
        Title = $"{Prefix} Test alert",
        Text = SecretRedactor.Redact($"A test alert sent by {requestedBy} at {Time(now)}. If you read this, this channel works."),
        OccurredAt = now,
    };

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
