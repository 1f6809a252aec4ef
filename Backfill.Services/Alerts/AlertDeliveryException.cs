namespace Backfill.Services.Alerts;

/// <summary>
/// A channel could not deliver a message. The message says what the receiver answered, never an address or a secret.
/// </summary>
public sealed class AlertDeliveryException(string message, bool transient, TimeSpan? retryAfter = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>Worth another attempt (5xx, 429, 408, a network failure); a 4xx or a refused login is not.</summary>
    public bool IsTransient { get; } = transient;

    /// <summary>The receiver's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
