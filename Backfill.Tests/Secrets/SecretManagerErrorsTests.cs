using System.Net;
using System.Net.Http.Headers;
using Backfill.Services.Secrets;

namespace Backfill.Tests.Secrets;

public sealed class SecretManagerErrorsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(404, "NOT_FOUND", SecretErrorKind.NotFound)]
    [InlineData(403, "PERMISSION_DENIED", SecretErrorKind.PermissionDenied)]
    [InlineData(400, "FAILED_PRECONDITION", SecretErrorKind.FailedPrecondition)]
    [InlineData(400, "INVALID_ARGUMENT", SecretErrorKind.InvalidArgument)]
    [InlineData(401, "UNAUTHENTICATED", SecretErrorKind.Unauthenticated)]
    [InlineData(429, "RESOURCE_EXHAUSTED", SecretErrorKind.Unavailable)]
    [InlineData(503, "UNAVAILABLE", SecretErrorKind.Unavailable)]
    [InlineData(500, "INTERNAL", SecretErrorKind.Unavailable)]
    [InlineData(409, "ABORTED", SecretErrorKind.Unknown)]
    public void FromResponse_GoogleErrorBody_IsClassifiedByItsStatus(int code, string status, SecretErrorKind kind)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new { error = new { code, message = "Secret [projects/p/secrets/s] said no.", status } });

        var error = SecretManagerErrors.FromResponse("projects/p/secrets/s", (HttpStatusCode)code, body, null, Now);

        Assert.Equal(kind, error.Kind);
        Assert.Equal(code, error.HttpStatus);
        Assert.Contains("said no.", error.Message, StringComparison.Ordinal);
        Assert.Contains("projects/p/secrets/s", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(502, SecretErrorKind.Unavailable)]
    [InlineData(403, SecretErrorKind.PermissionDenied)]
    [InlineData(404, SecretErrorKind.NotFound)]
    public void FromResponse_BodyNotGoogleJson_FallsBackToTheHttpStatus(int code, SecretErrorKind kind)
    {
        var error = SecretManagerErrors.FromResponse("projects/p/secrets/s", (HttpStatusCode)code, "<html>Bad Gateway</html>", null, Now);

        Assert.Equal(kind, error.Kind);
    }

    [Fact]
    public void FromResponse_RetryAfterSeconds_IsKept()
    {
        var error = SecretManagerErrors.FromResponse("projects/p/secrets/s", HttpStatusCode.TooManyRequests, "", new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), Now);

        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public void FromResponse_RetryAfterDate_BecomesTheWaitFromNow()
    {
        var error = SecretManagerErrors.FromResponse("projects/p/secrets/s", HttpStatusCode.ServiceUnavailable, "", new RetryConditionHeaderValue(Now.AddSeconds(30)), Now);

        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
    }
}
