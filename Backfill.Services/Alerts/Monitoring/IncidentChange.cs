namespace Backfill.Services.Alerts.Monitoring;

/// <summary>An incident to store, and the message to send about it (none for a silent update).</summary>
internal sealed record IncidentChange(AlertIncident Incident, AlertEvent? Event);
