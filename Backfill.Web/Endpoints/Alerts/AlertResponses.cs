using Backfill.Services.Alerts;

namespace Backfill.Web.Endpoints.Alerts;

/// <summary>The alerts API's shapes (snake_case on the wire). No channel address or secret is ever part of them.</summary>
internal sealed record AlertsResponse(int Open, IReadOnlyList<string> Channels, IReadOnlyList<AlertIncidentResponse> Incidents);

internal sealed record AlertIncidentResponse(
    string ClientId, string ClientName, string Kind, string Status, string Summary, string? Detail, DateTimeOffset OpenedAt,
    DateTimeOffset LastNotifiedAt, int Notifications, DateTimeOffset? Until, DateTimeOffset? ResolvedAt, string? Resolution)
{
    public static AlertIncidentResponse From(AlertIncident i) => new(
        i.ClientId.Value, i.ClientName, i.Kind.ToWire(), i.IsOpen ? "open" : "resolved", i.Summary, i.Detail, i.OpenedAt,
        i.LastNotifiedAt, i.Notifications, i.Until, i.ResolvedAt, i.Resolution);
}

internal sealed record TestAlertResponse(string Status, IReadOnlyList<TestAlertChannelResponse> Channels);

internal sealed record TestAlertChannelResponse(string Channel, bool Delivered, string? Error);
