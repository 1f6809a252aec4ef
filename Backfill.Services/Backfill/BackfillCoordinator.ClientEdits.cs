using Backfill.Services.Clients;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill;

internal sealed partial class BackfillCoordinator
{
    public ClientRecord? FindClient(ClientId clientId) => FindJob(clientId)?.Client;

    public Task<BackfillCommandResult> UpdateClientAsync(ClientId clientId, ClientEdit edit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var errors = edit.Validate(clientId);
        if (errors.Count > 0)
        {
            return Task.FromResult(Invalid(errors));
        }

        return SendAsync(
            async () =>
            {
                if (FindJob(clientId) is not { } job)
                {
                    return NotFound(clientId);
                }

                // The same rule and answer as remove: a run reads the client's key and metric, so they change only between runs.
                if (job.Status.State.IsActive())
                {
                    return new BackfillCommandResult(BackfillCommandOutcome.Conflict, $"{clientId} is running; cancel it before editing the client.", job.Status);
                }

                var before = job.Client;
                if (await _clients.UpdateAsync(before, edit, _stopping) is not { } record)
                {
                    return NotFound(clientId);
                }

                job.Client = record;
                if (record.EffectiveSecretName != before.EffectiveSecretName)
                {
                    // The next run must read the new secret, not the cached key of the old one.
                    _keys.Invalidate(clientId);
                }

                if (record.Name != before.Name)
                {
                    job.Update(s => s with { ClientName = record.Name });
                    await job.SaveAsync(_stopping);
                }

                _publisher.Publish(immediate: true);
                return new BackfillCommandResult(BackfillCommandOutcome.Accepted, $"Updated client {clientId}.", job.Status);
            },
            cancellationToken);
    }
}
