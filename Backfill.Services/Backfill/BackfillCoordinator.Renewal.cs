using System.Diagnostics;
using Backfill.Services.Backfill.Leases;
using Backfill.Services.Storage;
using Microsoft.Extensions.Logging;

namespace Backfill.Services.Backfill;

/// <summary>
/// Renewal of the leases held here, on its own loop: the keeper's look at the store (queries over every status) can be
/// slow on a loaded store, and a renewal that waits behind it could miss its lease's expiry. A lease is renewed once a
/// quarter of its duration has passed without a write (checkpoints renew it too). A renewal is given until the lease
/// expires to land (on a loaded store a commit can take seconds, and cutting it short would only start a slower one),
/// and one that fails for a transient reason is tried again at the next tick, so a holder has three quarters of the
/// duration to get one through.
/// </summary>
internal sealed partial class BackfillCoordinator
{
    /// <summary>How often the renewer looks at the held leases: a twelfth of the duration, at most once a second.</summary>
    private TimeSpan RenewTick => TimeSpan.FromTicks(Math.Min(_leases.Duration.Ticks / 12, TimeSpan.TicksPerSecond));

    /// <summary>A lease is renewed once this much has passed since it was last written.</summary>
    private TimeSpan RenewAfter => _leases.Duration / 4;

    private async Task RenewLeasesAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RenewTick, _timeProvider);
        var renewing = new Dictionary<ClientId, Task>();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var done in renewing.Where(r => r.Value.IsCompleted).Select(r => r.Key).ToList())
                {
                    renewing.Remove(done);
                }

                var now = _timeProvider.GetUtcNow();
                foreach (var job in JobsSnapshot().Where(j => j.Lease.Owned && !j.Lease.Lost))
                {
                    if (now >= job.Lease.ExpiresAt)
                    {
                        // Not renewed in time (the store did not answer): another instance may already run it.
                        OnLeaseLost(job);
                    }
                    else if (now - job.Lease.RenewedAt >= RenewAfter && !renewing.ContainsKey(job.Client.Id))
                    {
                        // Each on its own task: one slow renewal does not hold back the others.
                        renewing[job.Client.Id] = Task.Run(() => RenewAsync(job, stoppingToken), CancellationToken.None);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }

        await Task.WhenAll(renewing.Values);
    }

    /// <summary>One renewal: the status written again under the lease, given until the lease runs out.</summary>
    private async Task RenewAsync(BackfillJob job, CancellationToken stoppingToken)
    {
        var remaining = job.Lease.ExpiresAt - _timeProvider.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            // The renewer's next tick stops the run.
            return;
        }

        using var expiry = new CancellationTokenSource(remaining, _timeProvider);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, expiry.Token);
        var clock = Stopwatch.StartNew();
        try
        {
            // A checkpoint may have renewed it while this waited for its turn; the save lock orders the two.
            await job.UnderSaveLockAsync(() => Task.FromResult(true), attempt.Token);
            if (!job.Lease.Owned || job.Lease.Lost || _timeProvider.GetUtcNow() - job.Lease.RenewedAt < RenewAfter)
            {
                return;
            }

            await job.SaveAsync(attempt.Token);
            LogRenewed(job.Client.Id.Value, clock.ElapsedMilliseconds);
        }
        catch (LeaseLostException)
        {
            // OnLeaseLost has stopped the run.
        }
        catch (Exception e) when (e is StoreException or OperationCanceledException or HttpRequestException or TimeoutException && !stoppingToken.IsCancellationRequested)
        {
            LogRenewFailed(job.Client.Id.Value, e is OperationCanceledException ? $"no answer within {remaining.TotalSeconds:0.#} s, before the lease ran out" : e.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Renewed the run lease of {ClientId} in {Milliseconds} ms")]
    private partial void LogRenewed(string clientId, long milliseconds);
}
