using Microsoft.Extensions.Logging;

namespace Backfill.Services.Backfill;

/// <summary>
/// Loading at start is retried with backoff until it succeeds or the host stops: one transient store error at boot
/// must not leave a coordinator that refuses every command and never resumes interrupted runs. Until it has loaded,
/// <c>/health/ready</c> answers 503 and commands wait.
/// </summary>
internal sealed partial class BackfillCoordinator
{
    /// <summary>True once loaded; false when the host stopped first.</summary>
    private async Task<bool> LoadWithRetriesAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await LoadAsync(stoppingToken);
                _policy.Readiness.MarkLoaded();
                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                _loaded.TrySetCanceled(stoppingToken);
                return false;
            }
            catch (Exception e)
            {
                var delay = _policy.StartupLoad.DelayAfter(attempt);
                LogLoadRetry(e, attempt, delay);
                _policy.Readiness.MarkLoadFailed($"loading clients and statuses failed ({attempt} attempts so far): {Describe(e)}");
                ForgetPartialLoad();
                try
                {
                    await Task.Delay(delay, _timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    _loaded.TrySetCanceled(stoppingToken);
                    return false;
                }
            }
        }
    }

    /// <summary>What a failed load added is dropped, so the next attempt starts from the store again.</summary>
    private void ForgetPartialLoad()
    {
        _waiting.Clear();
        lock (_jobsGate)
        {
            foreach (var job in _jobs.Values)
            {
                job.Dispose();
            }

            _jobs.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load clients and statuses from the store (attempt {Attempt}); retrying in {Delay}")]
    private partial void LogLoadRetry(Exception exception, int attempt, TimeSpan delay);
}
