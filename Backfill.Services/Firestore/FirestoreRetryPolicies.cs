using Backfill.Services.Storage;
using Polly;
using Polly.Retry;

namespace Backfill.Services.Firestore;

/// <summary>
/// Whole-request retry per method, following Firestore's service config: commits retry only
/// UNAVAILABLE/RESOURCE_EXHAUSTED (a commit is not idempotent in general), batchWrite also ABORTED, reads and
/// metadata calls also INTERNAL/DEADLINE_EXCEEDED. Client errors are never retried. Delays come from the
/// options (zero in tests) and the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class FirestoreRetryPolicies
{
    public FirestoreRetryPolicies(FirestoreOptions options, TimeProvider timeProvider)
    {
        Commit = Build(options, timeProvider, StoreErrorCode.Unavailable, StoreErrorCode.ResourceExhausted);
        BatchWrite = Build(options, timeProvider, StoreErrorCode.Unavailable, StoreErrorCode.ResourceExhausted, StoreErrorCode.Aborted);
        Read = Build(options, timeProvider, StoreErrorCode.Unavailable, StoreErrorCode.ResourceExhausted, StoreErrorCode.Internal, StoreErrorCode.DeadlineExceeded);
        Metadata = Read;
    }

    public ResiliencePipeline Commit { get; }

    public ResiliencePipeline BatchWrite { get; }

    public ResiliencePipeline Read { get; }

    public ResiliencePipeline Metadata { get; }

    public static ResiliencePipeline None => ResiliencePipeline.Empty;

    /// <summary>Whether a failure is worth another attempt of the same request.</summary>
    public static bool IsRetryable(StoreException error, IReadOnlySet<StoreErrorCode> codes) =>
        codes.Contains(error.Code)
        // The emulator's "request exceeds maximum size" is RESOURCE_EXHAUSTED too, but will fail the same way again.
        && !error.StoreMessage.Contains("maximum size", StringComparison.OrdinalIgnoreCase);

    private static ResiliencePipeline Build(FirestoreOptions options, TimeProvider timeProvider, params StoreErrorCode[] codes)
    {
        if (options.MaxRetries == 0)
        {
            return ResiliencePipeline.Empty;
        }

        var set = codes.ToHashSet();
        return new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<StoreException>(e => IsRetryable(e, set)),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
            })
            .Build();
    }
}
