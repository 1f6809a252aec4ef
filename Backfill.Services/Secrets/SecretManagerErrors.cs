using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Backfill.Services.Secrets;

/// <summary>
/// Turns Secret Manager error responses (<c>{"error":{"code":404,"message":…,"status":"NOT_FOUND"}}</c>) into
/// <see cref="SecretAccessException"/>s. The <c>status</c> string decides; bodies that are not Google JSON (a proxy's
/// page) fall back to the HTTP status.
/// </summary>
internal static class SecretManagerErrors
{
    public static SecretAccessException FromResponse(string resourceName, HttpStatusCode httpStatus, string body, RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        var (status, message) = Parse(body);
        var kind = FromStatusName(status) ?? FromHttpStatus(httpStatus);
        var reason = string.IsNullOrWhiteSpace(message) ? httpStatus.ToString() : Truncate(message);
        return new SecretAccessException(
            kind,
            resourceName,
            $"Secret Manager answered {(int)httpStatus} {status ?? httpStatus.ToString()} reading {resourceName}: {reason}",
            (int)httpStatus,
            RetryAfter(retryAfter, now));
    }

    public static SecretErrorKind? FromStatusName(string? status) => status switch
    {
        "NOT_FOUND" => SecretErrorKind.NotFound,
        "PERMISSION_DENIED" => SecretErrorKind.PermissionDenied,
        "FAILED_PRECONDITION" => SecretErrorKind.FailedPrecondition,
        "UNAUTHENTICATED" => SecretErrorKind.Unauthenticated,
        "RESOURCE_EXHAUSTED" or "UNAVAILABLE" or "DEADLINE_EXCEEDED" or "INTERNAL" => SecretErrorKind.Unavailable,
        "INVALID_ARGUMENT" => SecretErrorKind.InvalidArgument,
        null or "" => null,
        _ => SecretErrorKind.Unknown,
    };

    public static SecretErrorKind FromHttpStatus(HttpStatusCode status) => (int)status switch
    {
        400 => SecretErrorKind.InvalidArgument,
        401 => SecretErrorKind.Unauthenticated,
        403 => SecretErrorKind.PermissionDenied,
        404 => SecretErrorKind.NotFound,
        408 or 429 or >= 500 => SecretErrorKind.Unavailable,
        _ => SecretErrorKind.Unknown,
    };

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    private static (string? Status, string? Message) Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return (null, null);
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            if (!json.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var status = error.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return (status, message);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
