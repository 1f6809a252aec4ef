using System.Globalization;
using Backfill.Services.Backfill.Resilience;
using Backfill.Services.Klaviyo;
using Backfill.Services.Quota;
using Backfill.Services.Storage;
using Microsoft.Extensions.Logging;

namespace Backfill.Services.Backfill;

/// <summary>
/// Runs that wait do not hold a slot: a run short of reporting budget, rate limited for longer than the Klaviyo client
/// waits in-process, or backing off before an automatic retry is parked — its status says why and until when, its
/// <see cref="BackfillOptions.MaxParallelClients"/> slot goes to the next client, and a timer queues it again when due.
/// </summary>
internal sealed partial class BackfillCoordinator
{
    // Both guarded by _jobsGate: the run tasks park, the command loop unparks.
    private readonly Dictionary<ClientId, CancellationTokenSource> _parked = [];
    private readonly Dictionary<ClientId, int> _transientFailures = [];

    /// <summary>
    /// Before an attempt: parks the run (true) when it needs more reporting calls than the client has left today.
    /// Otherwise says in its phase what it needs, and goes on.
    /// </summary>
    private async Task<bool> ParkForReportingBudgetAsync(BackfillJob job, CancellationToken cancellationToken)
    {
        var needed = ReportingCallPlan.Estimate(job.Status, _timeProvider.GetUtcNow(), _refresh.LookbackDays);
        if (needed == 0)
        {
            return false;
        }

        var day = await _policy.Ledger.GetAsync(job.Client.Id, cancellationToken);
        var plan = string.Create(CultureInfo.InvariantCulture, $"needs {needed} reporting calls; {day.ShownUsed}/{day.Budget} used today");
        if (needed <= day.Remaining)
        {
            job.Update(s => s with { Phase = plan });
            LogBudgetPlan(job.Client.Id.Value, needed, day.ShownUsed, day.Budget);
            return false;
        }

        LogBudgetParked(job.Client.Id.Value, needed, day.ShownUsed, day.Budget, day.ResetsAt);
        _policy.Ledger.SignalExhausted(day);
        await ParkAsync(job, day.ResetsAt, s => s with
        {
            State = BackfillState.WaitingRateLimit,
            RateLimitedUntil = day.ResetsAt,
            Phase = $"{day.WaitReason} (this run {plan})",
            Eta = null,
        });
        return true;
    }

    /// <summary>A rate limit longer than the client's in-process ceiling (e.g. Klaviyo's daily reporting cap).</summary>
    private async Task ParkForRateLimitAsync(BackfillJob job, KlaviyoRateLimitedException limited)
    {
        LogRateLimited(job.Client.Id.Value, limited.Bucket, limited.RetryAt);
        await ParkAsync(job, limited.RetryAt, s => s with
        {
            State = BackfillState.WaitingRateLimit,
            RateLimitedUntil = limited.RetryAt,
            Phase = string.Create(CultureInfo.InvariantCulture, $"waiting for Klaviyo's {limited.Bucket} rate limit until {limited.RetryAt:yyyy-MM-dd HH:mm} UTC"),
            Eta = null,
        });
    }

    /// <summary>
    /// After a failed attempt: true when the failure is transient and automatic attempts are left, in which case the
    /// retry is recorded in the run's history and the run parked until its backoff ends.
    /// </summary>
    private async Task<bool> TryScheduleAutoRetryAsync(BackfillJob job, Exception failure)
    {
        var id = job.Client.Id;
        var options = _policy.AutoRetry;
        if (!TransientFailures.IsTransient(failure))
        {
            ForgetTransientFailures(id);
            return false;
        }

        int failures;
        lock (_jobsGate)
        {
            failures = _transientFailures[id] = _transientFailures.GetValueOrDefault(id) + 1;
        }

        if (failures >= options.MaxAttempts)
        {
            ForgetTransientFailures(id);
            return false;
        }

        var now = _timeProvider.GetUtcNow();
        var retryAt = now + options.DelayBefore(failures);
        var message = Describe(failure);
        LogAutoRetry(failure, id.Value, failures, options.MaxAttempts - 1, retryAt);
        if (job.Status.RunId is { } runId)
        {
            try
            {
                await _store.CommitAsync([AutoRetryHistory.Record(id, runId, failures, message, now, retryAt)], CancellationToken.None);
            }
            catch (StoreException e)
            {
                LogStatusNotSaved(e, id.Value);
            }
        }

        await ParkAsync(job, retryAt, s => s with
        {
            State = BackfillState.Queued,
            Phase = string.Create(CultureInfo.InvariantCulture, $"automatic retry {failures} of {options.MaxAttempts - 1} at {retryAt:HH:mm:ss} UTC after a transient failure"),
            Error = message,
            ErrorAt = now,
            Eta = null,
        });
        return true;
    }

    private void ForgetTransientFailures(ClientId id)
    {
        lock (_jobsGate)
        {
            _transientFailures.Remove(id);
        }
    }

    /// <summary>
    /// At load: a run that was parked until a time still ahead stays parked (no request is spent to learn it is still
    /// limited); true when it was.
    /// </summary>
    private async Task<bool> ParkAgainAfterRestartAsync(BackfillJob job)
    {
        if (job.Status is not { State: BackfillState.WaitingRateLimit, RateLimitedUntil: { } until } || until <= _timeProvider.GetUtcNow())
        {
            return false;
        }

        LogStillParked(job.Client.Id.Value, until);
        await ParkAsync(job, until, s => s);
        return true;
    }

    /// <summary>Records the parked status and starts the timer that queues the run again at <paramref name="until"/>.</summary>
    private async Task ParkAsync(BackfillJob job, DateTimeOffset until, Func<BackfillStatus, BackfillStatus> change)
    {
        job.Update(change);
        await SaveQuietlyAsync(job);
        var wake = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        bool cancelled;
        lock (_jobsGate)
        {
            // A cancel that came while this run was parking found it still running and cancelled a token nobody reads
            // any more: honour it here rather than leave the run parked until it is due (see CancelAsync).
            cancelled = job.CancelRequested;
            if (!cancelled)
            {
                if (_parked.Remove(job.Client.Id, out var previous))
                {
                    previous.Cancel();
                    previous.Dispose();
                }

                _parked[job.Client.Id] = wake;
            }
        }

        if (cancelled)
        {
            wake.Dispose();
            await StoppedAsync(job);
            return;
        }

        _ = ResumeWhenDueAsync(job, until, wake);
    }

    private async Task ResumeWhenDueAsync(BackfillJob job, DateTimeOffset until, CancellationTokenSource wake)
    {
        try
        {
            var wait = until - _timeProvider.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _timeProvider, wake.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Cancelled, parked anew, or the host is stopping (the stored status resumes it on the next start).
            return;
        }

        Post(async () =>
        {
            lock (_jobsGate)
            {
                if (!_parked.TryGetValue(job.Client.Id, out var current) || current != wake)
                {
                    return;
                }

                _parked.Remove(job.Client.Id);
            }

            wake.Dispose();
            if (!job.Status.State.IsActive())
            {
                return;
            }

            LogUnparked(job.Client.Id.Value);
            job.Update(s => s with { State = BackfillState.Queued, Phase = "queued to resume after waiting", RateLimitedUntil = null });
            await SaveQuietlyAsync(job);
            Enqueue(job);
        });
    }

    /// <summary>Whether this instance parked the client's run (it waits here for its time, holding no slot).</summary>
    private bool IsParkedHere(ClientId id)
    {
        lock (_jobsGate)
        {
            return _parked.ContainsKey(id);
        }
    }

    /// <summary>
    /// Runs on the command loop, for a run that was neither waiting nor parked: marks it cancelled under the gate that
    /// <see cref="ParkAsync"/> checks it under, so a run parking from now on stops instead; true when it parked since
    /// (then it is unparked here and the caller records the cancel), false when its token is the caller's to cancel.
    /// </summary>
    private bool RequestCancelOfRun(BackfillJob job)
    {
        bool parkedMeanwhile;
        lock (_jobsGate)
        {
            job.CancelRequested = true;
            parkedMeanwhile = _parked.ContainsKey(job.Client.Id);
        }

        return parkedMeanwhile && Unpark(job.Client.Id);
    }

    /// <summary>Runs on the command loop: stops a parked run's timer; true when the run was parked.</summary>
    private bool Unpark(ClientId id)
    {
        lock (_jobsGate)
        {
            if (!_parked.Remove(id, out var wake))
            {
                return false;
            }

            wake.Cancel();
            wake.Dispose();
            _transientFailures.Remove(id);
            return true;
        }
    }

    /// <summary>Queues work for the command loop from any thread.</summary>
    private void Post(Func<Task> command)
    {
        if (!_commands.Writer.TryWrite(command))
        {
            _ = _commands.Writer.WriteAsync(command, _stopping).AsTask();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill {ClientId} needs {Needed} reporting calls; {Used}/{Budget} used today")]
    private partial void LogBudgetPlan(string clientId, int needed, long used, int budget);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backfill {ClientId} needs {Needed} reporting calls but {Used}/{Budget} are used today; parked until {ResetsAt}")]
    private partial void LogBudgetParked(string clientId, int needed, long used, int budget, DateTimeOffset resetsAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backfill {ClientId} failed transiently; automatic retry {Retry} of {MaxRetries} at {RetryAt}")]
    private partial void LogAutoRetry(Exception exception, string clientId, int retry, int maxRetries, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill {ClientId} stays parked until {Until}")]
    private partial void LogStillParked(string clientId, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill {ClientId}: its wait is over; queued to resume")]
    private partial void LogUnparked(string clientId);
}
