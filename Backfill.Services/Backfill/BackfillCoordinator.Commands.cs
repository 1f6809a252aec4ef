using Backfill.Services.Clients;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill;

internal sealed partial class BackfillCoordinator
{
    public Task<BackfillCommandResult> StartAsync(ClientId clientId, BackfillRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return Task.FromResult(Invalid(errors));
        }

        return SendAsync(() => StartOneAsync(clientId, request, testMode: false), cancellationToken);
    }

    public Task<BackfillStartAllResult> StartAllAsync(BackfillRequest request, bool testMode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = request.Validate();
        return errors.Count > 0
            ? Task.FromResult(InvalidAll(errors))
            : SendAsync(() => ForEachClientAsync(testMode, id => StartOneAsync(id, request, testMode), "Started"), cancellationToken);
    }

    public Task<BackfillCommandResult> RefreshAsync(ClientId clientId, RefreshRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = request.Validate();
        return errors.Count > 0
            ? Task.FromResult(Invalid(errors))
            : SendAsync(() => BeginRunAsync(clientId, BackfillParameters.From(request, LookbackFor(clientId), testMode: false), "refresh"), cancellationToken);
    }

    public Task<BackfillCommandResult> ResyncAsync(ClientId clientId, IReadOnlyList<DateOnly> dates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dates);
        return dates.Count == 0
            ? Task.FromResult(Invalid(new Dictionary<string, string[]> { ["dates"] = ["give at least one date to re-sync"] }))
            : SendAsync(() => BeginRunAsync(clientId, BackfillParameters.Resync(dates), "re-sync"), cancellationToken);
    }

    public Task<BackfillStartAllResult> RefreshAllAsync(RefreshRequest request, bool testMode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = request.Validate();
        return errors.Count > 0
            ? Task.FromResult(InvalidAll(errors))
            : SendAsync(
                () => ForEachClientAsync(testMode, id => BeginRunAsync(id, BackfillParameters.From(request, LookbackFor(id), testMode), "refresh"), "Refreshing"),
                cancellationToken);
    }

    /// <summary>The client's own refresh lookback, else the configured one (a request's lookback_days wins over both).</summary>
    private int LookbackFor(ClientId clientId) => FindJob(clientId)?.Client.RefreshLookbackDays ?? _refresh.LookbackDays;

    /// <summary>Runs on the command loop: one command for every client (or the test client), busy ones skipped.</summary>
    private async Task<BackfillStartAllResult> ForEachClientAsync(bool testMode, Func<ClientId, Task<BackfillCommandResult>> command, string verb)
    {
        await SyncClientsAsync();
        var targets = JobsSnapshot();
        if (testMode)
        {
            targets = [.. targets.Where(j => j.Client.Id.Value == _options.TestClientId)];
            if (targets.Count == 0)
            {
                return new BackfillStartAllResult(
                    [], [], BackfillCommandOutcome.NotFound,
                    $"Test mode runs only the test client '{_options.TestClientId}' (Backfill:TestClientId), and it is not registered.");
            }
        }

        var started = new List<BackfillStatus>();
        var busy = new List<BackfillStatus>();
        foreach (var job in targets)
        {
            var result = await command(job.Client.Id);
            (result.Accepted ? started : busy).Add(result.Status ?? job.Status);
        }

        var message = testMode
            ? $"Test mode: {verb.ToLowerInvariant()} {started.Count} client ({_options.TestClientId})"
            : $"{verb} {started.Count} of {targets.Count} clients";
        return new BackfillStartAllResult(
            started, busy, started.Count > 0 || targets.Count == 0 ? BackfillCommandOutcome.Accepted : BackfillCommandOutcome.Conflict,
            busy.Count > 0 ? $"{message}; {busy.Count} already running" : message);
    }

    public Task<BackfillCommandResult> RetryAsync(ClientId clientId, CancellationToken cancellationToken = default) =>
        SendAsync(
            async () =>
            {
                if (FindJob(clientId) is not { } job)
                {
                    return NotFound(clientId);
                }

                if (!job.Status.State.CanRetry())
                {
                    return new BackfillCommandResult(
                        BackfillCommandOutcome.Conflict,
                        $"Only a failed or cancelled backfill can be retried; {clientId} is {job.Status.State.ToWire()}.", job.Status);
                }

                await ContinueAsync(job);
                return new BackfillCommandResult(BackfillCommandOutcome.Accepted, $"Retrying {clientId} from its checkpoint.", job.Status);
            },
            cancellationToken);

    /// <summary>Runs on the command loop: queues a failed or cancelled run to go on after its checkpoint.</summary>
    private async Task ContinueAsync(BackfillJob job)
    {
        job.Update(s => s with
        {
            State = BackfillState.Queued,
            Phase = "queued to continue after " + (s.LastCompletedDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "the start"),
            Error = null,
            ErrorAt = null,
            CompletedAt = null,
            RateLimitedUntil = null,
        });
        await job.SaveAsync(_stopping);
        Enqueue(job);
    }

    public Task<BackfillCommandResult> CancelAsync(ClientId clientId, CancellationToken cancellationToken = default) =>
        SendAsync(
            async () =>
            {
                if (FindJob(clientId) is not { } job)
                {
                    return NotFound(clientId);
                }

                if (!job.Status.State.CanCancel())
                {
                    return new BackfillCommandResult(BackfillCommandOutcome.Conflict, $"{clientId} is not running ({job.Status.State.ToWire()}).", job.Status);
                }

                if (job.Run is null && !_waiting.Contains(clientId) && !IsParkedHere(clientId))
                {
                    // Held by another instance, or by nobody (queued there, or its holder died).
                    return await CancelElsewhereAsync(job);
                }

                if (_waiting.Remove(clientId) | Unpark(clientId) || RequestCancelOfRun(job))
                {
                    job.Update(s => s with { State = BackfillState.Cancelled, Phase = null, RateLimitedUntil = null });
                    await job.SaveAsync(_stopping);
                }
                else
                {
                    await job.Cancellation!.CancelAsync();
                }

                return new BackfillCommandResult(BackfillCommandOutcome.Accepted, $"Cancelling {clientId}; its checkpoint is kept.", job.Status);
            },
            cancellationToken);

    public Task<BackfillCommandResult> ClearAsync(ClientId clientId, CancellationToken cancellationToken = default) =>
        SendAsync(
            async () =>
            {
                if (FindJob(clientId) is not { } job)
                {
                    return NotFound(clientId);
                }

                if (job.Status.State.IsActive())
                {
                    return new BackfillCommandResult(BackfillCommandOutcome.Conflict, $"{clientId} is running; cancel it before clearing.", job.Status);
                }

                // The status of the runs goes; what the copy covers stays, because the data does.
                job.Update(s => BackfillStatus.NotStarted(job.Client.Id, job.Client.Name) with { Coverage = s.Coverage });
                await job.SaveAsync(_stopping);
                return new BackfillCommandResult(BackfillCommandOutcome.Accepted, $"Cleared the status of {clientId}.", job.Status);
            },
            cancellationToken);

    public Task<BackfillCommandResult> ClearDataAsync(ClientId clientId, CancellationToken cancellationToken = default) =>
        SendAsync(
            async () =>
            {
                if (FindJob(clientId) is not { } job)
                {
                    return NotFound(clientId);
                }

                if (job.Status.State.IsActive())
                {
                    return new BackfillCommandResult(BackfillCommandOutcome.Conflict, $"{clientId} is running; cancel it before clearing its data.", job.Status);
                }

                var deleted = await _store.DeleteTreeAsync(DataLayout.KlaviyoData(clientId), _stopping);
                job.Update(_ => BackfillStatus.NotStarted(job.Client.Id, job.Client.Name));
                await job.SaveAsync(_stopping);
                LogDataCleared(clientId.Value, deleted);
                return new BackfillCommandResult(BackfillCommandOutcome.Accepted, $"Deleted {deleted} documents copied for {clientId}, and its coverage.", job.Status);
            },
            cancellationToken);

    public Task<BackfillCommandResult> AddClientAsync(NewClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var errors = NewClientValidator.Validate(client);
        if (errors.Count > 0)
        {
            return Task.FromResult(Invalid(errors));
        }

        return SendAsync(
            async () =>
            {
                // Compared before the client joins the board, so it is not compared with itself; a warning, not a refusal
                // (see ClientNameLookAlikes).
                var lookAlike = ClientNameLookAlikes.Warning(
                    ClientNameRules.Normalize(client.Name!), JobsSnapshot().Select(j => (j.Client.Id, j.Client.Name)));
                var record = await _clients.CreateAsync(client, _stopping);
                if (record is null)
                {
                    return new BackfillCommandResult(BackfillCommandOutcome.Conflict, $"A client with id '{client.Id}' already exists.");
                }

                var job = AddJob(record, BackfillStatus.NotStarted(record.Id, record.Name));
                _publisher.Publish(immediate: true);
                return new BackfillCommandResult(
                    BackfillCommandOutcome.Accepted,
                    lookAlike is null ? $"Added client {record.Id}." : $"Added client {record.Id}; its name {lookAlike}.",
                    job.Status,
                    Warnings: lookAlike is null ? null : new Dictionary<string, string[]> { ["name"] = [lookAlike] });
            },
            cancellationToken);
    }

    public Task<BackfillCommandResult> RemoveClientAsync(ClientId clientId, CancellationToken cancellationToken = default) =>
        SendAsync(
            async () =>
            {
                if (FindJob(clientId) is not { } job)
                {
                    return NotFound(clientId);
                }

                if (job.Status.State.IsActive())
                {
                    return new BackfillCommandResult(BackfillCommandOutcome.Conflict, $"{clientId} is running; cancel it before removing the client.", job.Status);
                }

                await _clients.DeleteAsync(clientId, _stopping);

                // A removed client's key has no reason to stay in memory (and a re-added one must read its secret anew).
                _keys.Invalidate(clientId);
                lock (_jobsGate)
                {
                    _jobs.Remove(clientId);
                }

                job.Dispose();
                _publisher.Publish(immediate: true);
                return new BackfillCommandResult(BackfillCommandOutcome.Accepted, $"Removed client {clientId}; its copied data is kept.");
            },
            cancellationToken);

    /// <summary>Runs on the command loop.</summary>
    private Task<BackfillCommandResult> StartOneAsync(ClientId clientId, BackfillRequest request, bool testMode) =>
        BeginRunAsync(clientId, BackfillParameters.From(request, testMode), "backfill");

    /// <summary>
    /// Runs on the command loop: queues a run with these parameters. A failed or cancelled run with the same
    /// parameters is continued from its checkpoint rather than started over; a new run keeps the coverage.
    /// </summary>
    private async Task<BackfillCommandResult> BeginRunAsync(ClientId clientId, BackfillParameters parameters, string noun)
    {
        if (FindJob(clientId) is not { } job)
        {
            return NotFound(clientId);
        }

        // The state decides, not the task: a run that has recorded its end may still be handing back its slot.
        if (!job.Status.State.CanStart())
        {
            return new BackfillCommandResult(BackfillCommandOutcome.Conflict, $"A backfill of {clientId} is already {job.Status.State.ToWire()}.", job.Status);
        }

        if (job.Status.State.CanRetry() && job.Status.RunId is not null && job.Status.Parameters == parameters)
        {
            await ContinueAsync(job);
            return new BackfillCommandResult(BackfillCommandOutcome.Accepted, $"Continuing the {noun} of {clientId} from its checkpoint.", job.Status);
        }

        var now = _timeProvider.GetUtcNow();
        job.Update(s => BackfillStatus.NotStarted(job.Client.Id, job.Client.Name) with
        {
            State = BackfillState.Queued,
            RunId = History.RunIds.New(now),
            Parameters = parameters,
            Phase = "queued",
            StartedAt = now,
            Attempts = 0,
            TimeZone = s.TimeZone,
            Currency = s.Currency,
            Coverage = s.Coverage,
        });
        await job.SaveAsync(_stopping);
        Enqueue(job);
        return new BackfillCommandResult(BackfillCommandOutcome.Accepted, $"Started the {noun} of {clientId}.", job.Status);
    }

    private static BackfillStartAllResult InvalidAll(IReadOnlyDictionary<string, string[]> errors) =>
        new([], [], BackfillCommandOutcome.Invalid, string.Join("; ", errors.SelectMany(e => e.Value)));

    private static BackfillCommandResult NotFound(ClientId clientId) =>
        BackfillCommandResult.UnknownClient(clientId);

    private static BackfillCommandResult Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(BackfillCommandOutcome.Invalid, string.Join("; ", errors.SelectMany(e => e.Value)), Errors: errors);
}
