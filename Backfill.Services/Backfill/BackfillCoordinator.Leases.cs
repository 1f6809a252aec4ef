using Backfill.Services.Backfill.Documents;
using Backfill.Services.Backfill.Leases;
using Backfill.Services.Storage;
using Microsoft.Extensions.Logging;

namespace Backfill.Services.Backfill;

/// <summary>
/// Many instances, one run per client. A run starts only after its instance has claimed the client's lease (a
/// conditional write of the status document); it holds the lease by renewing it at checkpoints and on a timer, and
/// stops at once when it learns the lease is gone. A keeper loop looks at the store every poll interval: commands left
/// for the runs held here, work nobody holds (queued, or an expired lease), and progress of runs held elsewhere.
/// </summary>
internal sealed partial class BackfillCoordinator
{
    private static readonly FieldPath UpdatedAtField = FieldPath.Of("updated_at");
    private static readonly FieldPath ExpiresAtField = FieldPath.Of(LeaseRecord.ExpiresAtField);

    private readonly InstanceIdentity _instance;
    private readonly LeaseOptions _leases;
    private LeaseContext? _leaseContext;
    private DateTimeOffset _observedUpTo;
    private DateTimeOffset _reconciledAt;

    /// <summary>This instance's id, as written into the statuses of the runs it holds.</summary>
    public string InstanceId => _instance.Id;

    private LeaseContext Leases => _leaseContext ??= new LeaseContext(_instance, _leases, _timeProvider, OnCommand, OnLeaseLost);

    /// <summary>
    /// Takes the client's lease before its run starts: reads the status, refuses when another instance holds a live
    /// lease or the run is no longer wanted, else writes it back as ours with the next fencing token. The write is
    /// conditional on the version read, so of two instances claiming at once exactly one wins.
    /// </summary>
    private async Task<bool> ClaimAsync(BackfillJob job, CancellationToken cancellationToken)
    {
        try
        {
            // The run starts with the registration as stored now: it may have been edited on another instance. Read
            // before the status, so the time between the status read and its conditional write (when two instances
            // claim at once, the one that loses learns it there) stays as short as it was.
            if (await _clients.GetAsync(job.Client.Id, cancellationToken) is not { } registration)
            {
                job.Lease.Owned = false;
                job.Lease.Lost = false;
                return false;
            }

            TakeInRegistration(job, registration);
            var stored = await _store.GetAsync(DataLayout.BackfillStatus(job.Client.Id), cancellationToken);
            var record = LeaseRecord.Read(stored);
            var now = _timeProvider.GetUtcNow();
            job.Lease.Owned = false;
            job.Lease.Lost = false;
            if (stored is not null)
            {
                // The stored status is the truth: it carries the checkpoint of whoever ran the client before.
                job.Adopt(stored);
            }

            if (!job.Status.State.IsActive() || record.HeldByOther(_instance.Id, now))
            {
                return false;
            }

            job.Lease.Token = record.Token + 1;
            job.Lease.Owned = true;
            job.Lease.ExpiresAt = now + _leases.Duration;
            job.Update(s => s with { Instance = _instance.Id });
            job.Lease.Claiming = true;
            try
            {
                await job.SaveAsync(cancellationToken);
            }
            finally
            {
                job.Lease.Claiming = false;
            }

            LogClaimed(job.Client.Id.Value, job.Lease.Token);
            return true;
        }
        catch (StoreException e) when (!cancellationToken.IsCancellationRequested)
        {
            job.Lease.Owned = false;
            job.Lease.Lost = false;
            LogClaimLost(job.Client.Id.Value, e.Message);
            return false;
        }
    }

    /// <summary>A command another instance left in the status of a run held here.</summary>
    private void OnCommand(BackfillJob job, string command)
    {
        if (command == LeaseRecord.Cancel && !job.CancelRequested && job.Cancellation is { } cancellation)
        {
            LogRemoteCancel(job.Client.Id.Value);
            job.CancelRequested = true;
            try
            {
                cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run has just ended.
            }
        }
    }

    /// <summary>Another instance took the lease (or it ran out unrenewed): stop the run now; it writes nothing more.</summary>
    private void OnLeaseLost(BackfillJob job)
    {
        job.Lease.Owned = false;
        job.Lease.Lost = true;
        LogLeaseLost(job.Client.Id.Value, _instance.Id);
        try
        {
            job.Cancellation?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run has just ended.
        }
    }

    /// <summary>
    /// Cancel for a run this instance does not hold: leave the command in its status for the holder (which acts within
    /// a poll interval), or, when nobody holds it (queued, or its holder died), cancel it here directly.
    /// </summary>
    private async Task<BackfillCommandResult> CancelElsewhereAsync(BackfillJob job)
    {
        var path = DataLayout.BackfillStatus(job.Client.Id);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var stored = await _store.GetAsync(path, _stopping);
            job.Adopt(stored);
            if (!job.Status.State.CanCancel())
            {
                return new BackfillCommandResult(BackfillCommandOutcome.Conflict, $"{job.Client.Id} is not running ({job.Status.State.ToWire()}).", job.Status);
            }

            var record = LeaseRecord.Read(stored);
            try
            {
                if (record.HeldByOther(_instance.Id, _timeProvider.GetUtcNow()))
                {
                    var command = new Dictionary<string, object?>
                    {
                        [LeaseRecord.CommandField] = LeaseRecord.Cancel,
                        [LeaseRecord.CommandByField] = _instance.Id,
                        [LeaseRecord.CommandAtField] = _timeProvider.GetUtcNow(),
                    };
                    await _store.CommitAsync([Write.Merge(path, command).When(Precondition.UpdatedAt(stored!.UpdateTime))], _stopping);
                    return new BackfillCommandResult(
                        BackfillCommandOutcome.Accepted, $"Cancelling {job.Client.Id} on instance {record.Instance}; its checkpoint is kept.", job.Status);
                }

                job.Update(s => s with { State = BackfillState.Cancelled, Phase = null, Eta = null, RateLimitedUntil = null });
                await job.SaveAsync(_stopping);
                return new BackfillCommandResult(BackfillCommandOutcome.Accepted, $"Cancelled {job.Client.Id}; its checkpoint is kept.", job.Status);
            }
            catch (StoreException e) when (e.Code is StoreErrorCode.FailedPrecondition or StoreErrorCode.NotFound or StoreErrorCode.AlreadyExists)
            {
                // The status changed under us (a checkpoint of the holder): read it again.
            }
        }

        return new BackfillCommandResult(BackfillCommandOutcome.Conflict, $"{job.Client.Id} kept changing; try to cancel again.", job.Status);
    }

    /// <summary>Until the host stops: keep the leases held here, and watch the store for work and for runs held elsewhere.</summary>
    private async Task KeepLeasesAsync(CancellationToken stoppingToken)
    {
        _observedUpTo = _timeProvider.GetUtcNow() - TimeSpan.FromMinutes(1);
        _clientsSeenUpTo = _observedUpTo;
        var renewing = Task.Run(() => RenewLeasesAsync(stoppingToken), CancellationToken.None);
        using var timer = new PeriodicTimer(_leases.PollInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await KeepHeldLeasesAsync(stoppingToken);
                    await ObserveStoreAsync(stoppingToken);
                    await ReloadChangedClientsAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogKeeperFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }

        await renewing;
    }

    /// <summary>One batched read of the held statuses: notice commands and lost leases (renewal is its own loop).</summary>
    private async Task KeepHeldLeasesAsync(CancellationToken cancellationToken)
    {
        var held = JobsSnapshot().Where(j => j.Lease.Owned && !j.Lease.Lost).ToList();
        if (held.Count == 0)
        {
            return;
        }

        var stored = await _store.GetAllAsync([.. held.Select(j => DataLayout.BackfillStatus(j.Client.Id))], cancellationToken);
        for (var i = 0; i < held.Count; i++)
        {
            var job = held[i];
            var record = LeaseRecord.Read(stored[i]);
            if (!job.Lease.Owned)
            {
                continue;
            }

            if (stored[i] is null || record.Token > job.Lease.Token || (record.Token == job.Lease.Token && record.Instance != _instance.Id))
            {
                OnLeaseLost(job);
                continue;
            }

            if (record.Command is { } command)
            {
                OnCommand(job, command);
            }
        }
    }

    /// <summary>
    /// Statuses changed since the last look (progress of runs held elsewhere, for this instance's board) and statuses
    /// nobody holds (queued, or expired: a dead holder), which are queued here while there is a free slot.
    /// </summary>
    private async Task ObserveStoreAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();

        // Look back a little: other instances' clocks may lag, and their writes land a moment after updated_at is set.
        var since = _observedUpTo - TimeSpan.FromSeconds(5);
        var changed = await _store.QueryAsync(
            Query.Collection(DataLayout.BackfillStatuses).Where(UpdatedAtField, FilterOperator.GreaterThanOrEqual, since), cancellationToken).ToListAsync(cancellationToken);
        // updated_at is set before a write is sent, so a slow commit can land behind the watermark and be missed by the
        // query above. The statuses shown as running elsewhere are therefore also read directly (one read each), so
        // their end is never missed, and every ReconcileInterval all statuses not held here are read (a start missed
        // the same way).
        var reconcile = now - _reconciledAt >= _leases.ReconcileInterval;
        if (reconcile)
        {
            _reconciledAt = now;
        }

        var elsewhere = JobsSnapshot().Where(j => j.Run is null && !j.Lease.Owned && (reconcile || j.Status.State.IsActive())).ToList();
        var direct = elsewhere.Count == 0
            ? []
            : (await _store.GetAllAsync([.. elsewhere.Select(j => DataLayout.BackfillStatus(j.Client.Id))], cancellationToken)).OfType<Document>().ToList();
        changed.AddRange(direct);
        var claimable = RunningCount() < _options.MaxParallelClients
            ? await _store.QueryAsync(
                Query.Collection(DataLayout.BackfillStatuses).Where(ExpiresAtField, FilterOperator.LessThanOrEqual, now).WithLimit(4 * _options.MaxParallelClients),
                cancellationToken).ToListAsync(cancellationToken)
            : [];
        foreach (var document in changed)
        {
            if (document.Fields.GetValueOrDefault("updated_at") is DateTimeOffset updated && updated > _observedUpTo)
            {
                _observedUpTo = updated;
            }
        }

        if (changed.Count == 0 && claimable.Count == 0)
        {
            return;
        }

        await SendAsync(
            async () =>
            {
                // The same status may come from several reads: the newest version wins.
                foreach (var document in changed.Concat(claimable).GroupBy(d => d.Path).Select(g => g.MaxBy(d => d.UpdateTime)!))
                {
                    await TakeInAsync(document, now);
                }

                ScheduleWaiting();
                return true;
            },
            cancellationToken);
    }

    /// <summary>Runs on the command loop: shows a status read from the store, and queues it here when nobody holds it.</summary>
    private async Task TakeInAsync(Document document, DateTimeOffset now)
    {
        if (!ClientId.TryParse(document.Id, out var id, out _))
        {
            return;
        }

        var job = FindJob(id);
        if (job is null)
        {
            // Added on another instance since this one loaded its clients.
            if (await _clients.GetAsync(id, _stopping) is not { } client)
            {
                return;
            }

            job = AddJob(client, BackfillStatus.NotStarted(client.Id, client.Name));
        }

        if (job.Run is not null || job.Lease.Owned)
        {
            // Held here: the run's own writes are the truth.
            return;
        }

        // Only ever forward: a read that started before a newer one was taken in must not show an older status.
        if (job.Lease.StoredAt is not { } storedAt || document.UpdateTime > storedAt)
        {
            job.Adopt(document);
        }

        var record = LeaseRecord.Read(document);
        if (job.Status.State.IsActive() && record.Claimable(now) && !_waiting.Contains(id))
        {
            _waiting.Add(id);
        }
    }

    /// <summary>
    /// Runs on the command loop before a command over every client: takes in clients added or removed on other
    /// instances since this one loaded (one read of the client list, only when such a command is given).
    /// </summary>
    private async Task SyncClientsAsync()
    {
        var clients = await _clients.ListAsync(_stopping);
        var known = JobsSnapshot().ToDictionary(j => j.Client.Id);
        var added = clients.Where(c => !known.ContainsKey(c.Id)).ToList();
        if (added.Count > 0)
        {
            var statuses = await _store.GetAllAsync([.. added.Select(c => DataLayout.BackfillStatus(c.Id))], _stopping);
            for (var i = 0; i < added.Count; i++)
            {
                AddJob(added[i], BackfillStatus.NotStarted(added[i].Id, added[i].Name)).Adopt(statuses[i]);
            }
        }

        foreach (var client in clients)
        {
            if (known.TryGetValue(client.Id, out var job) && job.Run is null && !job.Lease.Owned)
            {
                TakeInRegistration(job, client);
            }
        }

        var listed = clients.Select(c => c.Id).ToHashSet();
        foreach (var gone in known.Values.Where(j => !listed.Contains(j.Client.Id) && j.Run is null && !j.Lease.Owned))
        {
            lock (_jobsGate)
            {
                _jobs.Remove(gone.Client.Id);
            }

            _waiting.Remove(gone.Client.Id);
            gone.Dispose();
        }

        _publisher.Publish(immediate: true);
    }

    /// <summary>On a clean stop: hand back the leases of the runs that were stopped, so another instance (or the next start) resumes them at once.</summary>
    private async Task ReleaseLeasesAsync(CancellationToken cancellationToken)
    {
        foreach (var job in JobsSnapshot().Where(j => j.Lease.Owned && !j.Lease.Lost))
        {
            job.Lease.Owned = false;
            try
            {
                await job.SaveAsync(cancellationToken);
            }
            catch (Exception e) when (e is StoreException or OperationCanceledException or ObjectDisposedException)
            {
                // A shutdown past the host's grace period may find the store already disposed: the lease is then left
                // to expire, which is what a crash does too.
                LogRenewFailed(job.Client.Id.Value, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Claimed the run lease of {ClientId} (token {Token})")]
    private partial void LogClaimed(string clientId, long token);

    [LoggerMessage(Level = LogLevel.Information, Message = "Did not claim {ClientId}: {Reason}")]
    private partial void LogClaimLost(string clientId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another instance asked to cancel {ClientId}")]
    private partial void LogRemoteCancel(string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the run lease of {ClientId} (instance {Instance}); its run stops here")]
    private partial void LogLeaseLost(string clientId, string instance);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew or release the lease of {ClientId}: {Reason}")]
    private partial void LogRenewFailed(string clientId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease keeper's look at the store failed; it tries again at the next tick")]
    private partial void LogKeeperFailed(Exception exception);
}
