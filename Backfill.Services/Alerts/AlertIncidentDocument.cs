using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;

namespace Backfill.Services.Alerts;

/// <summary><c>alerts/{client_id}.{kind}</c> ↔ <see cref="AlertIncident"/>. Field names are the API's.</summary>
internal static class AlertIncidentDocument
{
    public static IReadOnlyDictionary<string, object?> ToFields(AlertIncident incident) => new Dictionary<string, object?>
    {
        ["client_id"] = incident.ClientId.Value,
        ["client_name"] = incident.ClientName,
        ["kind"] = incident.Kind.ToWire(),
        ["status"] = incident.IsOpen ? "open" : "resolved",
        ["summary"] = incident.Summary,
        ["detail"] = incident.Detail,
        ["opened_at"] = incident.OpenedAt,
        ["last_notified_at"] = incident.LastNotifiedAt,
        ["notifications"] = (long)incident.Notifications,
        ["until"] = incident.Until,
        ["resolved_at"] = incident.ResolvedAt,
        ["resolution"] = incident.Resolution,
    };

    /// <summary>The incident, or null for a document this version cannot read (an unknown kind, a bad id).</summary>
    public static AlertIncident? FromDocument(Document document)
    {
        var f = document.Fields;
        if (!ClientId.TryParse(f.String("client_id"), out var clientId, out _)
            || AlertKinds.FromWire(f.String("kind")) is not { } kind
            || f.Time("opened_at") is not { } openedAt)
        {
            return null;
        }

        return new AlertIncident
        {
            ClientId = clientId,
            ClientName = f.String("client_name") ?? clientId.Value,
            Kind = kind,
            IsOpen = f.String("status") == "open",
            Summary = f.String("summary") ?? kind.Describe(),
            Detail = f.String("detail"),
            OpenedAt = openedAt,
            LastNotifiedAt = f.Time("last_notified_at") ?? openedAt,
            Notifications = (int)Math.Clamp(f.Long("notifications"), 0, int.MaxValue),
            Until = f.Time("until"),
            ResolvedAt = f.Time("resolved_at"),
            Resolution = f.String("resolution"),
        };
    }
}
