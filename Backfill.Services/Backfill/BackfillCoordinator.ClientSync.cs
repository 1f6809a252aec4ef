using Backfill.Services.Clients;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill;

/// <summary>
/// Client registrations changed on other instances. Every instance keeps the registrations it loaded at start; an edit
/// (key, Placed Order metric, lookback, name) or a new client on another instance reaches it within
/// <see cref="Leases.LeaseOptions.ClientReloadInterval"/>, and a run re-reads its client's registration when it takes
/// the lease, so a run never starts with an old key or metric.
/// </summary>
internal sealed partial class BackfillCoordinator
{
    private DateTimeOffset _clientsSeenUpTo;
    private DateTimeOffset _clientsReloadedAt;

    /// <summary>From the lease keeper: every reload interval, the registrations whose <c>updated_at</c> moved since the last look.</summary>
    private async Task ReloadChangedClientsAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        if (now - _clientsReloadedAt < _leases.ClientReloadInterval)
        {
            return;
        }

        _clientsReloadedAt = now;

        // Look back a little, as for statuses: updated_at is set by the editing instance's clock before its write lands.
        var changed = await _clients.ListChangedSinceAsync(_clientsSeenUpTo - TimeSpan.FromSeconds(5), cancellationToken);
        foreach (var client in changed)
        {
            if (client.UpdatedAt > _clientsSeenUpTo)
            {
                _clientsSeenUpTo = client.UpdatedAt;
            }
        }

        if (changed.Count == 0)
        {
            return;
        }

        await SendAsync(
            async () =>
            {
                foreach (var listed in changed)
                {
                    // Read again on the command loop: the client may have been removed (here or elsewhere) since the query.
                    if (await _clients.GetAsync(listed.Id, _stopping) is not { } client)
                    {
                        continue;
                    }

                    if (FindJob(client.Id) is not { } job)
                    {
                        var status = await _store.GetAsync(DataLayout.BackfillStatus(client.Id), _stopping);
                        AddJob(client, BackfillStatus.NotStarted(client.Id, client.Name)).Adopt(status);
                    }
                    else if (job.Run is null && !job.Lease.Owned)
                    {
                        // A run held here keeps the registration it started with (an edit is refused while it runs).
                        TakeInRegistration(job, client);
                    }
                }

                _publisher.Publish(immediate: true);
                return true;
            },
            cancellationToken);
    }

    /// <summary>Makes <paramref name="registration"/> the job's client; a changed secret name drops the cached key of the old one.</summary>
    private void TakeInRegistration(BackfillJob job, ClientRecord registration)
    {
        var before = job.Client;
        if (before == registration)
        {
            return;
        }

        job.Client = registration;
        if (registration.EffectiveSecretName != before.EffectiveSecretName)
        {
            _keys.Invalidate(registration.Id);
        }

        if (registration.Name != before.Name)
        {
            job.Update(s => s with { ClientName = registration.Name });
        }
    }
}
