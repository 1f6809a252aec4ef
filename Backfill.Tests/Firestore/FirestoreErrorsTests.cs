using System.Net;
using Backfill.Services.Firestore;
using Backfill.Services.Storage;

namespace Backfill.Tests.Firestore;

public sealed class FirestoreErrorsTests
{
    [Theory]
    [InlineData(409, "ALREADY_EXISTS", StoreErrorCode.AlreadyExists)]
    [InlineData(409, "ABORTED", StoreErrorCode.Aborted)]
    [InlineData(400, "INVALID_ARGUMENT", StoreErrorCode.InvalidArgument)]
    [InlineData(400, "FAILED_PRECONDITION", StoreErrorCode.FailedPrecondition)]
    [InlineData(404, "NOT_FOUND", StoreErrorCode.NotFound)]
    [InlineData(429, "RESOURCE_EXHAUSTED", StoreErrorCode.ResourceExhausted)]
    [InlineData(503, "UNAVAILABLE", StoreErrorCode.Unavailable)]
    [InlineData(500, "UNKNOWN", StoreErrorCode.Unknown)]
    [InlineData(504, "DEADLINE_EXCEEDED", StoreErrorCode.DeadlineExceeded)]
    [InlineData(401, "UNAUTHENTICATED", StoreErrorCode.Unauthenticated)]
    public void FromResponse_StatusString_DecidesCode(int http, string status, StoreErrorCode expected)
    {
        var body = $$$"""{"error":{"code":{{{http}}},"message":"boom","status":"{{{status}}}"}}""";

        var error = FirestoreErrors.FromResponse((HttpStatusCode)http, body, "c/d");

        Assert.Equal(expected, error.Code);
        Assert.Equal("boom", error.StoreMessage);
        Assert.Equal("c/d", error.DocumentPath);
        Assert.Equal(http, error.HttpStatus);
    }

    [Theory]
    [InlineData(404, "Not Found", StoreErrorCode.NotFound)]
    [InlineData(502, "<html>Bad Gateway</html>", StoreErrorCode.Unavailable)]
    [InlineData(503, "", StoreErrorCode.Unavailable)]
    [InlineData(504, "upstream timeout", StoreErrorCode.DeadlineExceeded)]
    [InlineData(409, "{not json", StoreErrorCode.Aborted)]
    public void FromResponse_NonJsonBody_FallsBackToHttpStatus(int http, string body, StoreErrorCode expected)
    {
        var error = FirestoreErrors.FromResponse((HttpStatusCode)http, body, null);

        Assert.Equal(expected, error.Code);
        Assert.Contains(((int)http).ToString(System.Globalization.CultureInfo.InvariantCulture), error.StoreMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void FromResponse_ErrorInsideStreamArray_Parsed()
    {
        var error = FirestoreErrors.FromResponse(HttpStatusCode.BadRequest, """[{"error":{"code":400,"message":"bad query","status":"INVALID_ARGUMENT"}}]""", null);

        Assert.Equal(StoreErrorCode.InvalidArgument, error.Code);
        Assert.Equal("bad query", error.StoreMessage);
    }

    [Theory]
    [InlineData(6, StoreErrorCode.AlreadyExists)]
    [InlineData(10, StoreErrorCode.Aborted)]
    [InlineData(14, StoreErrorCode.Unavailable)]
    [InlineData(99, StoreErrorCode.Unknown)]
    public void FromRpcStatus_NumericCode_Mapped(int code, StoreErrorCode expected)
    {
        var error = FirestoreErrors.FromRpcStatus(code, "m", "c/d");

        Assert.Equal(expected, error.Code);
        Assert.Equal("c/d", error.DocumentPath);
    }
}
