namespace Backfill.Services.Secrets;

/// <summary>What went wrong reading a secret; decides the advice a user gets.</summary>
public enum SecretErrorKind
{
    /// <summary>NOT_FOUND: the secret, or any version of it, does not exist.</summary>
    NotFound,

    /// <summary>PERMISSION_DENIED: the caller lacks roles/secretmanager.secretAccessor, or the API is disabled.</summary>
    PermissionDenied,

    /// <summary>FAILED_PRECONDITION: the newest version is disabled or destroyed.</summary>
    FailedPrecondition,

    /// <summary>UNAUTHENTICATED, or no Application Default Credentials could be found.</summary>
    Unauthenticated,

    /// <summary>UNAVAILABLE, RESOURCE_EXHAUSTED, other 5xx or network failures, still failing after the retries.</summary>
    Unavailable,

    /// <summary>The payload's CRC32C did not match, twice.</summary>
    Corrupted,

    /// <summary>INVALID_ARGUMENT, e.g. a secret id Secret Manager does not accept.</summary>
    InvalidArgument,

    /// <summary>Anything else.</summary>
    Unknown,
}

/// <summary>
/// A secret could not be read. The message names the secret's resource name and Secret Manager's reason, never a
/// payload or a token.
/// </summary>
public sealed class SecretAccessException(
    SecretErrorKind kind, string resourceName, string message, int? httpStatus = null, TimeSpan? retryAfter = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    public SecretErrorKind Kind { get; } = kind;

    /// <summary><c>projects/{project}/secrets/{secret}</c>.</summary>
    public string ResourceName { get; } = resourceName;

    public int? HttpStatus { get; } = httpStatus;

    /// <summary>The server's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Worth another attempt of the same read.</summary>
    public bool IsTransient => Kind == SecretErrorKind.Unavailable;
}
