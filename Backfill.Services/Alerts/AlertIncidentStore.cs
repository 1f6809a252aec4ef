using Backfill.Services.Storage;

namespace Backfill.Services.Alerts;

/// <summary>Reads and writes incidents under <c>alerts/</c>; one small collection, read whole.</summary>
public sealed class AlertIncidentStore(IDocumentStore store)
{
    /// <summary>Every stored incident, open ones first, newest first within each group.</summary>
    public async Task<IReadOnlyList<AlertIncident>> ListAsync(CancellationToken cancellationToken)
    {
        var incidents = new List<AlertIncident>();
        await foreach (var document in store.QueryAsync(Query.Collection(DataLayout.Alerts), cancellationToken))
        {
            if (AlertIncidentDocument.FromDocument(document) is { } incident)
            {
                incidents.Add(incident);
            }
        }

        return [.. incidents.OrderByDescending(i => i.IsOpen).ThenByDescending(i => i.OpenedAt).ThenBy(i => i.ClientId.Value, StringComparer.Ordinal)];
    }

    /// <summary>Writes the incidents in one commit.</summary>
    public Task SaveAsync(IReadOnlyList<AlertIncident> incidents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        return store.CommitAsync(
            [.. incidents.Select(i => Write.Set(DataLayout.Alert(i.ClientId, i.Kind.ToWire()), AlertIncidentDocument.ToFields(i)))],
            cancellationToken);
    }
}
