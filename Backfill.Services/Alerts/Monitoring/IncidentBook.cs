using Backfill.Services.Storage;

namespace Backfill.Services.Alerts.Monitoring;

/// <summary>
/// The rules of incidents, in memory: one open incident per client and kind; opening and resolving each send one
/// message; while open only a reminder after <see cref="AlertOptions.RenotifyAfter"/>. Returns what changed and leaves
/// storing and sending to the caller. Not thread-safe: the monitor uses it from its one loop.
/// </summary>
internal sealed class IncidentBook
{
    private readonly Dictionary<(ClientId, AlertKind), AlertIncident> _incidents = [];

    public IReadOnlyList<AlertIncident> All => [.. _incidents.Values];

    public void Load(IEnumerable<AlertIncident> incidents)
    {
        foreach (var incident in incidents)
        {
            _incidents[(incident.ClientId, incident.Kind)] = incident;
        }
    }

    public AlertIncident? Find(ClientId clientId, AlertKind kind) => _incidents.GetValueOrDefault((clientId, kind));

    public IncidentChange? Apply(ClientId clientId, string clientName, AlertCondition condition, DateTimeOffset now) =>
        condition.Active
            ? Raise(clientId, clientName, condition, now)
            : Clear(clientId, condition.Kind, condition.Text, now, quietly: false);

    /// <summary>Resolves an open incident; <paramref name="quietly"/> stores it without a message (its client was removed).</summary>
    public IncidentChange? Clear(ClientId clientId, AlertKind kind, string resolution, DateTimeOffset now, bool quietly)
    {
        if (Find(clientId, kind) is not { IsOpen: true } open)
        {
            return null;
        }

        var resolved = open with { IsOpen = false, ResolvedAt = now, Resolution = resolution };
        _incidents[(clientId, kind)] = resolved;
        return new IncidentChange(resolved, quietly ? null : AlertEvent.Resolved);
    }

    /// <summary>Open incidents whose last message is <paramref name="after"/> old, each marked as reminded now.</summary>
    public IReadOnlyList<IncidentChange> Remind(DateTimeOffset now, TimeSpan after)
    {
        var due = _incidents.Values.Where(i => i.IsOpen && now - i.LastNotifiedAt >= after).ToList();
        var changes = new List<IncidentChange>(due.Count);
        foreach (var incident in due)
        {
            var reminded = incident with { LastNotifiedAt = now, Notifications = incident.Notifications + 1 };
            _incidents[(incident.ClientId, incident.Kind)] = reminded;
            changes.Add(new IncidentChange(reminded, AlertEvent.Reminder));
        }

        return changes;
    }

    private IncidentChange? Raise(ClientId clientId, string clientName, AlertCondition condition, DateTimeOffset now)
    {
        var key = (clientId, condition.Kind);
        if (Find(clientId, condition.Kind) is { IsOpen: true } open)
        {
            // Still the same incident: new particulars are kept, but nothing is sent (no repeats while open).
            if (open.Summary == condition.Text && open.Detail == condition.Detail && open.Until == condition.Until && open.ClientName == clientName)
            {
                return null;
            }

            var updated = open with { ClientName = clientName, Summary = condition.Text, Detail = condition.Detail, Until = condition.Until };
            _incidents[key] = updated;
            return new IncidentChange(updated, null);
        }

        var opened = new AlertIncident
        {
            ClientId = clientId,
            ClientName = clientName,
            Kind = condition.Kind,
            Summary = condition.Text,
            Detail = condition.Detail,
            Until = condition.Until,
            OpenedAt = now,
            LastNotifiedAt = now,
        };
        _incidents[key] = opened;
        return new IncidentChange(opened, AlertEvent.Opened);
    }
}
