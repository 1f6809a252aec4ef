using Backfill.Services.Storage;

namespace Backfill.Services.Clients;

/// <summary>The registered clients, stored at <c>clients/{client_id}</c>.</summary>
public sealed class ClientRegistry(IDocumentStore store, TimeProvider timeProvider)
{
    /// <summary>Every client, by id. Documents under <c>clients/</c> with ids outside the rules are ignored.</summary>
    public async Task<IReadOnlyList<ClientRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var clients = new List<ClientRecord>();
        await foreach (var document in store.QueryAsync(Query.Collection(DataLayout.Clients), cancellationToken))
        {
            if (ClientDocument.FromDocument(document) is { } client)
            {
                clients.Add(client);
            }
        }

        return clients;
    }

    /// <summary>The clients whose <c>updated_at</c> is at or after <paramref name="since"/> (registered or edited since then).</summary>
    public async Task<IReadOnlyList<ClientRecord>> ListChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var clients = new List<ClientRecord>();
        var query = Query.Collection(DataLayout.Clients).Where(FieldPath.Of("updated_at"), FilterOperator.GreaterThanOrEqual, since);
        await foreach (var document in store.QueryAsync(query, cancellationToken))
        {
            if (ClientDocument.FromDocument(document) is { } client)
            {
                clients.Add(client);
            }
        }

        return clients;
    }

    public async Task<ClientRecord?> GetAsync(ClientId id, CancellationToken cancellationToken) =>
        await store.GetAsync(DataLayout.Client(id), cancellationToken) is { } document ? ClientDocument.FromDocument(document) : null;

    /// <summary>Creates the client; returns null when the id is already taken.</summary>
    public async Task<ClientRecord?> CreateAsync(NewClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var now = timeProvider.GetUtcNow();
        var record = new ClientRecord(
            ClientId.Parse(client.Id), ClientNameRules.Normalize(client.Name!), client.KlaviyoSecretName, client.PlacedOrderMetricId, client.SandboxAccount, now, now)
        {
            RefreshLookbackDays = client.RefreshLookbackDays,
        };
        try
        {
            await store.CommitAsync([Write.Create(DataLayout.Client(record.Id), ClientDocument.ToFields(record))], cancellationToken);
            return record;
        }
        catch (StoreException e) when (e.Code == StoreErrorCode.AlreadyExists)
        {
            return null;
        }
    }

    /// <summary>
    /// Replaces the client's editable fields in one write that requires the document to exist; returns null when it
    /// does not (removed meanwhile). The id, the sandbox flag and the creation time stay.
    /// </summary>
    public async Task<ClientRecord?> UpdateAsync(ClientRecord client, ClientEdit edit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(edit);
        var record = client with
        {
            Name = ClientNameRules.Normalize(edit.Name!),
            KlaviyoSecretName = edit.KlaviyoSecretName,
            PlacedOrderMetricId = edit.PlacedOrderMetricId,
            RefreshLookbackDays = edit.RefreshLookbackDays,
            UpdatedAt = timeProvider.GetUtcNow(),
        };
        try
        {
            await store.CommitAsync([Write.Update(DataLayout.Client(record.Id), ClientDocument.ToFields(record))], cancellationToken);
            return record;
        }
        catch (StoreException e) when (e.Code == StoreErrorCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Deletes the client's registration and status; its copied Klaviyo data stays (re-adding the client shows it again).</summary>
    public Task DeleteAsync(ClientId id, CancellationToken cancellationToken) =>
        store.CommitAsync([Write.Delete(DataLayout.Client(id)), Write.Delete(DataLayout.BackfillStatus(id))], cancellationToken);
}
