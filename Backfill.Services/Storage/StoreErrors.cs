namespace Backfill.Services.Storage;

/// <summary>Firestore's canonical error codes (google.rpc.Code); the embedded store uses the same ones.</summary>
public enum StoreErrorCode
{
    Ok = 0,
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
}

/// <summary>Every failure of a document store: what went wrong, where, and whether retrying can help.</summary>
public class StoreException : Exception
{
    public StoreException(StoreErrorCode code, string message, string? documentPath = null, int? httpStatus = null, Exception? inner = null)
        : base(Compose(code, message, documentPath), inner)
    {
        Code = code;
        StoreMessage = message;
        DocumentPath = documentPath;
        HttpStatus = httpStatus;
    }

    public StoreErrorCode Code { get; }

    /// <summary>The store's own message, without the code and path prefix.</summary>
    public string StoreMessage { get; }

    public string? DocumentPath { get; }

    public int? HttpStatus { get; }

    public bool IsTransient => Code is StoreErrorCode.Aborted or StoreErrorCode.Unavailable or StoreErrorCode.ResourceExhausted
        or StoreErrorCode.DeadlineExceeded or StoreErrorCode.Internal;

    private static string Compose(StoreErrorCode code, string message, string? path) =>
        path is null ? $"{StatusName(code)}: {message}" : $"{StatusName(code)} at '{path}': {message}";

    /// <summary>The status string Firestore uses (ALREADY_EXISTS, …).</summary>
    public static string StatusName(StoreErrorCode code) => code switch
    {
        StoreErrorCode.InvalidArgument => "INVALID_ARGUMENT",
        StoreErrorCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StoreErrorCode.NotFound => "NOT_FOUND",
        StoreErrorCode.AlreadyExists => "ALREADY_EXISTS",
        StoreErrorCode.PermissionDenied => "PERMISSION_DENIED",
        StoreErrorCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StoreErrorCode.FailedPrecondition => "FAILED_PRECONDITION",
        StoreErrorCode.OutOfRange => "OUT_OF_RANGE",
        StoreErrorCode.DataLoss => "DATA_LOSS",
        _ => code.ToString().ToUpperInvariant(),
    };
}

/// <summary>A path that breaks Firestore's rules; thrown before anything is sent or written.</summary>
public sealed class InvalidPathException(string path, string reason)
    : StoreException(StoreErrorCode.InvalidArgument, $"invalid path '{path}': {reason}");

/// <summary>A value the store cannot hold (an unsupported CLR type, an array inside an array, too deep, …).</summary>
public sealed class UnsupportedValueException(string fieldPath, string reason)
    : StoreException(StoreErrorCode.InvalidArgument, $"field '{fieldPath}': {reason}");

/// <summary>A document larger than the 1 MiB Firestore allows.</summary>
public sealed class DocumentTooLargeException(string documentPath, long bytes)
    : StoreException(StoreErrorCode.InvalidArgument, $"the document is {bytes} bytes, over the 1,048,576-byte limit", documentPath);

/// <summary>The store did not answer (connection refused, DNS, timeout).</summary>
public sealed class StoreUnreachableException(string endpoint, Exception inner)
    : StoreException(StoreErrorCode.Unavailable, $"the store at {endpoint} did not answer: {inner.Message}", inner: inner);
