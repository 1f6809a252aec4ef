using System.Net;
using Backfill.Services.Clients;
using Backfill.Services.Klaviyo;
using Backfill.Services.Logging;
using Backfill.Services.Storage;
using Microsoft.Extensions.Logging;

namespace Backfill.Services.Backfill;

internal sealed partial class BackfillCoordinator
{
    private void Enqueue(BackfillJob job)
    {
        if (!_waiting.Contains(job.Client.Id))
        {
            _waiting.Add(job.Client.Id);
        }

        ScheduleWaiting();
    }

    /// <summary>Starts waiting jobs while there is room. Runs on the command loop (or during load).</summary>
    private void ScheduleWaiting()
    {
        for (var i = 0; i < _waiting.Count && RunningCount() < _options.MaxParallelClients;)
        {
            var id = _waiting[i];
            if (FindJob(id) is not { } job)
            {
                _waiting.RemoveAt(i);
                continue;
            }

            // Its previous run has recorded its end but not yet handed its slot back: it starts once it has.
            if (job.Run is not null)
            {
                i++;
                continue;
            }

            _waiting.RemoveAt(i);
            job.CancelRequested = false;
            job.Cancellation?.Dispose();
            job.Cancellation = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
            job.Run = Task.Run(() => RunJobAsync(job, job.Cancellation.Token), CancellationToken.None);
        }
    }

    private int RunningCount()
    {
        lock (_jobsGate)
        {
            return _jobs.Values.Count(j => j.Run is not null);
        }
    }

    private async Task RunJobAsync(BackfillJob job, CancellationToken cancellationToken)
    {
        try
        {
            if (await ClaimAsync(job, cancellationToken))
            {
                await RunUntilDoneAsync(job, cancellationToken);
            }
        }
        finally
        {
            // Hand the slot back on the command loop, which starts the next waiting client.
            Func<Task> release = () =>
            {
                job.Run = null;
                ScheduleWaiting();
                return Task.CompletedTask;
            };
            if (!_commands.Writer.TryWrite(release))
            {
                _ = _commands.Writer.WriteAsync(release, _stopping).AsTask();
            }
        }
    }

    private async Task RunUntilDoneAsync(BackfillJob job, CancellationToken cancellationToken)
    {
        var id = job.Client.Id.Value;
        var keyRefreshed = false;
        while (true)
        {
            try
            {
                // Parked runs hand their slot back (see BackfillCoordinator.Parking.cs).
                if (await ParkForReportingBudgetAsync(job, cancellationToken))
                {
                    return;
                }

                job.Update(s => s with { State = BackfillState.InProgress, Attempts = s.Attempts + 1, RateLimitedUntil = null, Error = null, ErrorAt = null });
                await job.SaveAsync(cancellationToken);
                using (Quota.ReportingQuotaScope.Enter(job.Client.Id))
                {
                    await _engine.RunAsync(job.Client, job, cancellationToken);
                }

                ForgetTransientFailures(job.Client.Id);
                job.Update(s => s with { State = BackfillState.Completed, CompletedAt = _timeProvider.GetUtcNow(), Phase = null });
                await SaveQuietlyAsync(job);
                LogCompleted(id, job.Status.Orders, job.Status.DaysCompleted);
                return;
            }
            catch (Exception) when (job.Lease.Lost)
            {
                // Another instance holds the client now (see BackfillCoordinator.Leases): stop without writing.
                return;
            }
            catch (KlaviyoRateLimitedException limited) when (!cancellationToken.IsCancellationRequested)
            {
                // A wait longer than the client's ceiling (e.g. the reporting API's daily quota): park visibly, then resume.
                await ParkForRateLimitAsync(job, limited);
                return;
            }
            catch (KlaviyoAuthException auth) when (auth.StatusCode == HttpStatusCode.Unauthorized && !keyRefreshed && !cancellationToken.IsCancellationRequested)
            {
                // The secret may have been rotated since its key was cached: read it once more and resume from the
                // checkpoint. A second 401, or a key that was not cached, fails as any other refusal.
                keyRefreshed = true;
                if (!_keys.Invalidate(job.Client.Id))
                {
                    ForgetTransientFailures(job.Client.Id);
                    await FailAsync(job, auth);
                    return;
                }

                LogKeyRefreshed(id);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                ForgetTransientFailures(job.Client.Id);
                await StoppedAsync(job);
                return;
            }
            catch (Exception failure)
            {
                if (!await TryScheduleAutoRetryAsync(job, failure))
                {
                    await FailAsync(job, failure);
                }

                return;
            }
        }
    }

    private async Task FailAsync(BackfillJob job, Exception failure)
    {
        var message = Describe(failure);
        job.Update(s => s with { State = BackfillState.Failed, Error = message, ErrorAt = _timeProvider.GetUtcNow(), Phase = null, Eta = null });
        await SaveQuietlyAsync(job);
        LogFailed(failure, job.Client.Id.Value, message);
    }

    /// <summary>A user's cancel is recorded; a shutdown leaves the job in_progress so the next start resumes it.</summary>
    private async Task StoppedAsync(BackfillJob job)
    {
        if (job.CancelRequested)
        {
            job.Update(s => s with { State = BackfillState.Cancelled, Phase = null, Eta = null, RateLimitedUntil = null });
            await SaveQuietlyAsync(job);
            LogCancelled(job.Client.Id.Value);
        }
    }

    private async Task SaveQuietlyAsync(BackfillJob job)
    {
        try
        {
            await job.SaveAsync(CancellationToken.None);
        }
        catch (StoreException e)
        {
            LogStatusNotSaved(e, job.Client.Id.Value);
        }
    }

    /// <summary>A message for the dashboard: what failed and what to do, never a key.</summary>
    internal static string Describe(Exception failure) => SecretRedactor.Redact(failure switch
    {
        KlaviyoAuthException auth => $"Klaviyo refused the key ({(int)auth.StatusCode}): {auth.Message}",
        KlaviyoApiException api => $"Klaviyo answered {(int)api.StatusCode}: {api.Message}",
        KlaviyoException klaviyo => klaviyo.Message,
        KlaviyoKeyUnavailableException key => key.Message,
        Engine.BackfillException backfill => backfill.Message,
        StoreException store => $"The document store failed: {store.Message}",
        TimeoutException timeout => $"Timed out: {timeout.Message}",
        _ => $"{failure.GetType().Name}: {failure.Message}",
    });

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill {ClientId} completed: {Orders} orders over {Days} days")]
    private partial void LogCompleted(string clientId, long orders, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backfill {ClientId} waits for Klaviyo's {Bucket} limit until {RetryAt}")]
    private partial void LogRateLimited(string clientId, string bucket, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Backfill {ClientId} failed: {Message}")]
    private partial void LogFailed(Exception exception, string clientId, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill {ClientId}: Klaviyo refused the cached key (401); reading the key again and resuming")]
    private partial void LogKeyRefreshed(string clientId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill {ClientId} cancelled")]
    private partial void LogCancelled(string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not save the status of {ClientId}")]
    private partial void LogStatusNotSaved(Exception exception, string clientId);
}
