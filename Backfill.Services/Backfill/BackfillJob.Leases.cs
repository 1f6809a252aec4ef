using Backfill.Services.Backfill.Documents;
using Backfill.Services.Backfill.Leases;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill;

/// <summary>
/// Status writes under a lease. Every write of <c>backfill_status/{client_id}</c> is conditional on the version this
/// instance last read or wrote (its update time), so nothing another instance wrote is ever overwritten unseen: the
/// holder's write also carries its fencing token and expiry, and fails once another instance has taken the lease.
/// </summary>
internal sealed partial class BackfillJob
{
    /// <summary>This instance's view of the client's lease.</summary>
    public JobLease Lease { get; } = new();

    /// <summary>Set by the coordinator; null (tests that build a job alone) writes plainly, as before leases.</summary>
    public LeaseContext? Leases { get; init; }

    /// <summary>Runs <paramref name="action"/> under the save lock, so it never interleaves with a status write.</summary>
    public async Task<T> UnderSaveLockAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        await _saving.WaitAsync(cancellationToken);
        try
        {
            return await action();
        }
        finally
        {
            _saving.Release();
        }
    }

    /// <summary>Replaces what this instance shows with the stored status (a run held elsewhere, or a newer command).</summary>
    public void Adopt(Document? document)
    {
        Lease.StoredAt = document?.UpdateTime;
        if (!Lease.Owned)
        {
            // Whoever writes next continues the token from here, so it only ever grows.
            Lease.Token = LeaseRecord.Read(document).Token;
        }

        var status = document is null
            ? BackfillStatus.NotStarted(Client.Id, Client.Name)
            : BackfillStatusDocument.FromDocument(Client.Id, Client.Name, document);
        bool stateChanged;
        lock (_gate)
        {
            stateChanged = _status.State != status.State;
            _status = status;
        }

        Changed(stateChanged);
    }

    private async Task CommitStatusAsync(BackfillStatus status, IReadOnlyList<Write> writes, CancellationToken cancellationToken)
    {
        if (Leases is not { } context)
        {
            await Store.CommitAsync(writes, cancellationToken);
            return;
        }

        var path = DataLayout.BackfillStatus(Client.Id);

        // A few rounds at most: each retry follows a command another instance merged into the document.
        for (var attempt = 0; ; attempt++)
        {
            if (Lease.Lost)
            {
                throw new LeaseLostException(Client.Id.Value);
            }

            var now = context.Time.GetUtcNow();
            var owned = Lease.Owned;
            var active = status.State.IsActive();
            var expires = owned && active ? now + context.Options.Duration : now;
            var leased = writes.Select((w, i) => i == 0 ? WithLease(w, owned, active, expires) : w).ToArray();
            try
            {
                var times = await Store.CommitWithTimesAsync(leased, cancellationToken);
                Lease.StoredAt = writes[0] is DeleteWrite ? null : times[0];
                if (owned && active)
                {
                    Lease.ExpiresAt = expires;
                    Lease.RenewedAt = now;
                }
                else if (owned)
                {
                    // The run has ended: its final status released the lease.
                    Lease.Owned = false;
                }

                return;
            }
            catch (StoreException e) when (e.Code is StoreErrorCode.FailedPrecondition or StoreErrorCode.AlreadyExists or StoreErrorCode.NotFound
                && e is not LeaseLostException)
            {
                var stored = await Store.GetAsync(path, CancellationToken.None);
                var record = LeaseRecord.Read(stored);
                if (owned && stored is not null && record.Token == Lease.Token && record.Instance == context.Instance.Id && attempt < 4)
                {
                    // Still ours: another instance left a command (or touched the document); take it in and write again.
                    Lease.StoredAt = stored.UpdateTime;
                    if (record.Command is { } command)
                    {
                        context.OnCommand(this, command);
                    }

                    continue;
                }

                if (owned && Lease.Claiming)
                {
                    Lease.Owned = false;
                    Adopt(stored);
                    throw new StatusConflictException(Client.Id.Value);
                }

                if (owned)
                {
                    Lease.Owned = false;
                    Lease.Lost = true;
                    context.OnLost(this);
                    throw new LeaseLostException(Client.Id.Value);
                }

                Adopt(stored);
                throw new StatusConflictException(Client.Id.Value);
            }
        }

        Write WithLease(Write write, bool owned, bool active, DateTimeOffset expires)
        {
            var precondition = Lease.StoredAt is { } storedAt ? Precondition.UpdatedAt(storedAt) : Precondition.MustNotExist;
            if (write is not SetWrite set)
            {
                return write.When(precondition);
            }

            // The holder renews; an active run nobody holds is claimable now; an idle client has no lease.
            var fields = new Dictionary<string, object?>(set.Fields)
            {
                [LeaseRecord.TokenField] = Lease.Token,
                [LeaseRecord.ExpiresAtField] = active ? expires : null,
            };
            if (owned)
            {
                fields[LeaseRecord.InstanceField] = context.Instance.Id;
            }

            return Write.Set(set.Path, fields).When(precondition);
        }
    }
}
