using System.Net;
using System.Text.Json;
using Backfill.Services.Storage;

namespace Backfill.Services.Firestore;

/// <summary>
/// Turns Firestore error responses into <see cref="StoreException"/>s. The <c>status</c> string decides the code,
/// because one HTTP status covers two codes (409: ALREADY_EXISTS or ABORTED; 400: INVALID_ARGUMENT or
/// FAILED_PRECONDITION). Bodies that are not Firestore JSON (proxies, the emulator's plain-text 404) fall back
/// to the HTTP status.
/// </summary>
public static class FirestoreErrors
{
    public static StoreException FromResponse(HttpStatusCode status, string body, string? documentPath)
    {
        var (code, message) = Parse(body);
        code ??= FromHttpStatus(status);
        message = string.IsNullOrWhiteSpace(message) ? Truncate($"HTTP {(int)status} {status}: {body}") : message;
        return new StoreException(code.Value, message, documentPath, (int)status);
    }

    /// <summary>A per-write status from batchWrite (<c>{"code":6,"message":…}</c>, numeric code).</summary>
    public static StoreException FromRpcStatus(int code, string? message, string documentPath) =>
        new(Enum.IsDefined(typeof(StoreErrorCode), code) ? (StoreErrorCode)code : StoreErrorCode.Unknown,
            string.IsNullOrEmpty(message) ? "write failed" : message, documentPath);

    public static StoreErrorCode? FromStatusName(string? status)
    {
        if (string.IsNullOrEmpty(status))
        {
            return null;
        }

        var compact = status.Replace("_", "", StringComparison.Ordinal);
        return Enum.TryParse<StoreErrorCode>(compact, ignoreCase: true, out var code) && Enum.IsDefined(code) ? code : null;
    }

    public static StoreErrorCode FromHttpStatus(HttpStatusCode status) => (int)status switch
    {
        400 => StoreErrorCode.InvalidArgument,
        401 => StoreErrorCode.Unauthenticated,
        403 => StoreErrorCode.PermissionDenied,
        404 => StoreErrorCode.NotFound,
        409 => StoreErrorCode.Aborted,
        412 => StoreErrorCode.FailedPrecondition,
        429 => StoreErrorCode.ResourceExhausted,
        499 => StoreErrorCode.Cancelled,
        501 => StoreErrorCode.Unimplemented,
        502 or 503 => StoreErrorCode.Unavailable,
        504 => StoreErrorCode.DeadlineExceeded,
        >= 500 => StoreErrorCode.Internal,
        _ => StoreErrorCode.Unknown,
    };

    private static (StoreErrorCode? Code, string? Message) Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] is not ('{' or '['))
        {
            return (null, null);
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            // Streaming methods wrap the error in an array.
            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0)
            {
                root = root[0];
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var status = error.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return (FromStatusName(status), message);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
