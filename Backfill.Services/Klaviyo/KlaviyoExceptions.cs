using System.Net;

namespace Backfill.Services.Klaviyo;

/// <summary>Base of every failure the Klaviyo client reports. Messages never contain the API key.</summary>
public abstract class KlaviyoException(string message, Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>The account label of the client that failed (never the key).</summary>
    public string? AccountLabel { get; internal set; }
}

/// <summary>
/// Klaviyo answered with an error other than auth or throttling (400, 404, 5xx after retries, a non-JSON body, …).
/// </summary>
public sealed class KlaviyoApiException(
    HttpStatusCode statusCode,
    string message,
    string? errorCode = null,
    string? detail = null,
    string? sourceParameter = null,
    string? sourcePointer = null,
    Exception? innerException = null) : KlaviyoException(message, innerException)
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>Klaviyo's <c>errors[0].code</c>, e.g. <c>invalid</c>.</summary>
    public string? ErrorCode { get; } = errorCode;

    /// <summary>Klaviyo's <c>errors[0].detail</c>.</summary>
    public string? Detail { get; } = detail;

    /// <summary>The query parameter Klaviyo blamed (<c>errors[0].source.parameter</c>).</summary>
    public string? SourceParameter { get; } = sourceParameter;

    /// <summary>The body pointer Klaviyo blamed (<c>errors[0].source.pointer</c>).</summary>
    public string? SourcePointer { get; } = sourcePointer;

    /// <summary>True for 5xx and similar outcomes that may succeed later.</summary>
    public bool IsTransient => (int)StatusCode >= 500 || StatusCode == HttpStatusCode.RequestTimeout;
}

/// <summary>The key was rejected (401) or lacks a scope (403). Retrying cannot help.</summary>
public sealed class KlaviyoAuthException(HttpStatusCode statusCode, string message, string? missingScope, string? detail)
    : KlaviyoException(message)
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>The scope Klaviyo named as missing, e.g. <c>events:read</c>, when its detail said so.</summary>
    public string? MissingScope { get; } = missingScope;

    public string? Detail { get; } = detail;
}

/// <summary>
/// A rate limit would make the caller wait longer than <see cref="KlaviyoOptions.MaxRateLimitWait"/> (e.g. the
/// reporting API's daily quota). Try again at <see cref="RetryAt"/>.
/// </summary>
public sealed class KlaviyoRateLimitedException(string bucket, DateTimeOffset retryAt, string message)
    : KlaviyoException(message)
{
    /// <summary>The endpoint bucket that is exhausted, e.g. <c>flow-series-reports</c>.</summary>
    public string Bucket { get; } = bucket;

    /// <summary>The earliest instant a request to this bucket is expected to succeed.</summary>
    public DateTimeOffset RetryAt { get; } = retryAt;
}
