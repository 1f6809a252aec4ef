using System.Collections.Concurrent;
using Backfill.Services.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Backfill.Services.Firestore;

/// <summary>
/// Firestore bulk writer over batchWrite. Writes are grouped into batches (by count and encoded bytes, each
/// document at most once per batch), several batches are in flight at once, and <see cref="AddAsync"/> waits
/// when too many writes are pending. Each write's own status decides its fate: transient codes are retried
/// with exponential backoff and jitter, client errors never; every final failure lands in the summary.
/// Unlike Firestore's own BulkWriter, writes to one document land in the order they were added: a later write
/// waits until the earlier one has finished (retries included), so re-running a day always leaves its last version.
/// A token passed to <see cref="AddAsync"/>, <see cref="FlushAsync"/> or <see cref="CloseAsync"/> reaches the writes in
/// flight: once it is cancelled, requests are abandoned and backoffs (a minute under RESOURCE_EXHAUSTED) cut short, every
/// unfinished write fails as CANCELLED, and closing or disposing returns at once, so a cancelled run or a shutdown
/// never waits for Firestore to recover.
/// </summary>
public sealed class FirestoreBulkWriter : IBulkWriter
{
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);
    private const double BackoffFactor = 1.5;
    private const double Jitter = 0.3;

    private readonly FirestoreRestClient _client;
    private readonly FirestoreBulkWriterSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RampUpRateLimiter? _limiter;
    private readonly SemaphoreSlim _pendingSlots;
    private readonly SemaphoreSlim _requestSlots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<WriteOutcome> _failures = new();
    private readonly Lock _gate = new();
    private readonly Lock _idleGate = new();
    private readonly List<CancellationTokenRegistration> _abortOn = [];
    private CancellationToken _watched;
    private List<PendingWrite> _batch = [];

    // Writes added but not finished, per document; later writes to a document wait here (under _gate) for their turn.
    private readonly Dictionary<DocumentPath, Queue<PendingWrite>> _waiting = [];
    private long _batchBytes;
    private int _outstanding;
    private TaskCompletionSource _idle = NewIdle(completed: true);
    private long _succeeded;
    private long _retries;
    private bool _closed;
    private bool _disposed;

    /// <param name="rampUp">
    /// The process-wide 500/50/5 limiter of the database, shared by every writer (the ramp-up is per database, not per
    /// writer); null gives this writer its own, when <see cref="FirestoreBulkWriterSettings.RampUp"/> asks for one.
    /// </param>
    public FirestoreBulkWriter(
        FirestoreRestClient client, FirestoreBulkWriterSettings settings, TimeProvider? timeProvider = null, ILogger? logger = null, RampUpRateLimiter? rampUp = null)
    {
        _client = client;
        _settings = settings;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _limiter = settings.RampUp ? rampUp ?? new RampUpRateLimiter(_time) : null;
        _pendingSlots = new SemaphoreSlim(settings.MaxPendingWrites);
        _requestSlots = new SemaphoreSlim(settings.MaxConcurrentRequests);
    }

    public FirestoreBulkWriterSettings Settings => _settings;

    /// <summary>The ramp-up limiter this writer waits on (null when ramp-up is off).</summary>
    public RampUpRateLimiter? RampUp => _limiter;

    /// <summary>Test hook: called with the backoff once a retry batch's delay timer is running.</summary>
    internal Action<TimeSpan>? RetryScheduled { get; set; }

    public async ValueTask AddAsync(Write write, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        AbortWhenCancelled(cancellationToken);
        await _pendingSlots.WaitAsync(cancellationToken);

        byte[] encoded;
        try
        {
            encoded = FirestoreWriteEncoder.Encode(write, _client.Names);
        }
        catch (StoreException e)
        {
            // An oversized or unencodable document fails alone; the rest of the backfill carries on.
            Fail(write.Path, e);
            return;
        }

        var pending = new PendingWrite(write.Path, encoded);
        List<PendingWrite>? full = null;
        lock (_gate)
        {
            if (_waiting.TryGetValue(write.Path, out var queue))
            {
                queue.Enqueue(pending);
                return;
            }

            _waiting[write.Path] = new Queue<PendingWrite>();
            if (_batch.Count > 0 && _batchBytes + encoded.Length + FirestoreWriteEncoder.EnvelopeBytes > _settings.MaxBatchBytes)
            {
                full = TakeBatch();
            }

            _batch.Add(pending);
            _batchBytes += encoded.Length + 1;
            if (_batch.Count >= _settings.MaxBatchSize)
            {
                if (full is not null)
                {
                    Dispatch(full, TimeSpan.Zero);
                }

                full = TakeBatch();
            }
        }

        if (full is not null)
        {
            Dispatch(full, TimeSpan.Zero);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        AbortWhenCancelled(cancellationToken);
        Task idle;
        lock (_gate)
        {
            if (_batch.Count > 0)
            {
                Dispatch(TakeBatch(), TimeSpan.Zero);
            }

            lock (_idleGate)
            {
                idle = _idle.Task;
            }
        }

        await idle.WaitAsync(cancellationToken);
    }

    public async Task<BulkWriteSummary> CloseAsync(CancellationToken cancellationToken = default)
    {
        if (!_closed)
        {
            await FlushAsync(cancellationToken);
            _closed = true;
        }

        return new BulkWriteSummary(Interlocked.Read(ref _succeeded), _failures.ToArray(), Interlocked.Read(ref _retries));
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await CloseAsync();
        }
        finally
        {
            List<CancellationTokenRegistration> registrations;
            lock (_gate)
            {
                registrations = [.. _abortOn];
                _abortOn.Clear();
            }

            foreach (var registration in registrations)
            {
                await registration.DisposeAsync();
            }

            await _stopping.CancelAsync();
            _stopping.Dispose();
            _pendingSlots.Dispose();
            _requestSlots.Dispose();
        }
    }

    /// <summary>Backoff before attempt <paramref name="attempt"/> + 1: 1 s ×1.5 up to 60 s (RESOURCE_EXHAUSTED: 60 s), ±30%.</summary>
    public static TimeSpan Backoff(int attempt, StoreErrorCode code, double random)
    {
        var seconds = code == StoreErrorCode.ResourceExhausted
            ? MaxBackoff.TotalSeconds
            : Math.Min(MaxBackoff.TotalSeconds, InitialBackoff.TotalSeconds * Math.Pow(BackoffFactor, attempt - 1));
        return TimeSpan.FromSeconds(seconds * (1 + (Jitter * ((2 * random) - 1))));
    }

    /// <summary>Per-write codes worth another attempt; client errors (INVALID_ARGUMENT, ALREADY_EXISTS, …) are final.</summary>
    public static bool IsRetryable(StoreException error) =>
        error.Code is StoreErrorCode.Aborted or StoreErrorCode.Unavailable or StoreErrorCode.ResourceExhausted
            or StoreErrorCode.DeadlineExceeded or StoreErrorCode.Internal
        && !error.StoreMessage.Contains("maximum size", StringComparison.OrdinalIgnoreCase);

    /// <summary>Ties the writes in flight to the caller's token (a run's token is usually the same for every call).</summary>
    private void AbortWhenCancelled(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return;
        }

        lock (_gate)
        {
            if (cancellationToken == _watched || _disposed)
            {
                return;
            }

            _watched = cancellationToken;
            _abortOn.Add(cancellationToken.UnsafeRegister(static state => ((FirestoreBulkWriter)state!).Abort(), this));
        }
    }

    private void Abort()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: nothing left in flight.
        }
    }

    private List<PendingWrite> TakeBatch()
    {
        var batch = _batch;
        _batch = [];
        _batchBytes = 0;
        return batch;
    }

    private void Dispatch(List<PendingWrite> batch, TimeSpan delay)
    {
        lock (_idleGate)
        {
            if (_outstanding++ == 0)
            {
                _idle = NewIdle(completed: false);
            }
        }

        if (delay <= TimeSpan.Zero)
        {
            _ = Task.Run(() => SendAsync(batch, Task.CompletedTask));
            return;
        }

        // The timer starts here, synchronously, so the wait is measured from the failure.
        var wait = Task.Delay(delay, _time, _stopping.Token);
        RetryScheduled?.Invoke(delay);
        _ = SendAsync(batch, wait);
    }

    private void BatchFinished()
    {
        lock (_idleGate)
        {
            if (--_outstanding == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    private async Task SendAsync(List<PendingWrite> batch, Task wait)
    {
        var token = _stopping.Token;
        try
        {
            await wait;

            if (_limiter is not null)
            {
                await _limiter.AcquireAsync(batch.Count, token);
            }

            IReadOnlyList<StoreException?> results;
            await _requestSlots.WaitAsync(token);
            try
            {
                results = await _client.BatchWriteAsync(batch.Select(w => w.Encoded).ToArray(), batch.Select(w => w.Path).ToArray(), retryRequest: false, token);
            }
            catch (StoreException e)
            {
                // The whole request failed: every write in it shares that status, and retries like it.
                results = batch.Select(w => new StoreException(e.Code, e.StoreMessage, w.Path.Value, e.HttpStatus, e)).ToArray();
            }
            finally
            {
                _requestSlots.Release();
            }

            HandleResults(batch, results);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            foreach (var write in batch)
            {
                FailWithFollowers(write.Path, new StoreException(StoreErrorCode.Cancelled, "the bulk writer was cancelled or disposed before the write landed", write.Path.Value));
            }
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Bulk write batch of {Count} failed unexpectedly", batch.Count);
            foreach (var write in batch)
            {
                FailWithFollowers(write.Path, new StoreException(StoreErrorCode.Unknown, e.Message, write.Path.Value, inner: e));
            }
        }
        finally
        {
            BatchFinished();
        }
    }

    private void HandleResults(List<PendingWrite> batch, IReadOnlyList<StoreException?> results)
    {
        List<PendingWrite>? retry = null;
        List<PendingWrite>? next = null;
        var longest = TimeSpan.Zero;
        for (var i = 0; i < batch.Count; i++)
        {
            var write = batch[i];
            var error = results[i];
            if (error is null)
            {
                Interlocked.Increment(ref _succeeded);
                _pendingSlots.Release();
                ReleaseNext(write.Path, ref next);
                continue;
            }

            write.Attempts++;
            if (IsRetryable(error) && write.Attempts < _settings.MaxAttempts)
            {
                (retry ??= []).Add(write);
                var backoff = Backoff(write.Attempts, error.Code, Random.Shared.NextDouble());
                longest = backoff > longest ? backoff : longest;
                continue;
            }

            Fail(write.Path, error);
            ReleaseNext(write.Path, ref next);
        }

        if (next is not null)
        {
            // Dispatched before this batch counts as finished, so a flush cannot see the writer idle in between.
            Dispatch(next, TimeSpan.Zero);
        }

        if (retry is not null)
        {
            Interlocked.Add(ref _retries, retry.Count);
            _logger.LogDebug("Retrying {Count} writes in {Delay}", retry.Count, longest);
            // Writes of one batch are distinct documents, so they can travel together again; the batch waits for
            // its longest backoff, as Firestore's BulkWriter does.
            Dispatch(retry, longest);
        }
    }

    /// <summary>A write to <paramref name="path"/> has finished: the next one waiting for that document may go.</summary>
    private void ReleaseNext(DocumentPath path, ref List<PendingWrite>? next)
    {
        lock (_gate)
        {
            if (!_waiting.TryGetValue(path, out var queue))
            {
                return;
            }

            if (queue.TryDequeue(out var following))
            {
                (next ??= []).Add(following);
            }
            else
            {
                _waiting.Remove(path);
            }
        }
    }

    /// <summary>Fails a write and every later write to the same document, which can no longer be ordered after it.</summary>
    private void FailWithFollowers(DocumentPath path, StoreException error)
    {
        Fail(path, error);
        lock (_gate)
        {
            if (_waiting.Remove(path, out var queue))
            {
                foreach (var _ in queue)
                {
                    Fail(path, error);
                }
            }
        }
    }

    private void Fail(DocumentPath path, StoreException error)
    {
        _failures.Enqueue(new WriteOutcome(path, error));
        _pendingSlots.Release();
    }

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            source.SetResult();
        }

        return source;
    }

    private sealed class PendingWrite(DocumentPath path, byte[] encoded)
    {
        public DocumentPath Path { get; } = path;

        public byte[] Encoded { get; } = encoded;

        public int Attempts { get; set; }
    }
}

/// <summary>A bulk writer's effective settings (options merged with the store's defaults).</summary>
public sealed record FirestoreBulkWriterSettings(
    int MaxBatchSize,
    int MaxBatchBytes,
    int MaxConcurrentRequests,
    int MaxAttempts,
    bool RampUp,
    int MaxPendingWrites)
{
    /// <summary>
    /// Merges per-writer options over the configured defaults; ramp-up defaults to on for production, off for the
    /// emulator. Explicit <see cref="BulkWriterOptions"/> always win (their record defaults are 500 × 4).
    /// </summary>
    public static FirestoreBulkWriterSettings Resolve(BulkWriterOptions? options, FirestoreOptions firestore)
    {
        var defaults = firestore.BulkWriter;
        var batchSize = Math.Clamp(options?.MaxBatchSize ?? defaults.MaxBatchSize ?? (firestore.UsesEmulator ? 100 : 500), 1, 500);
        var concurrency = Math.Max(1, options?.MaxConcurrentRequests ?? defaults.MaxConcurrentRequests ?? (firestore.UsesEmulator ? 8 : 4));
        var bytes = Math.Min(firestore.MaxRequestBytes, options?.MaxBatchBytes ?? defaults.MaxBatchBytes ?? firestore.MaxRequestBytes);
        return new FirestoreBulkWriterSettings(
            batchSize,
            Math.Max(1024, bytes),
            concurrency,
            Math.Max(1, options?.MaxAttempts ?? defaults.MaxAttempts),
            options?.RampUp ?? !firestore.UsesEmulator,
            // Enough room for every request slot plus a batch being filled, or AddAsync could wait forever.
            Math.Max(defaults.MaxPendingWrites, batchSize * (concurrency + 1)));
    }
}
