using Backfill.Services.Backfill;
using Backfill.Services.Klaviyo;
using Backfill.Services.Clients;

namespace Backfill.Tests.Logging;

/// <summary>The status <c>error</c> shown on the dashboard and returned by the API is built from exception text.</summary>
public sealed class FailureTextTests
{
    [Fact]
    public void Describe_ExceptionTextWithAKey_MasksTheKey()
    {
        var key = "pk_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(17));

        var unexpected = BackfillCoordinator.Describe(new InvalidOperationException($"request with Klaviyo-API-Key {key} failed"));
        var keyProblem = BackfillCoordinator.Describe(new KlaviyoKeyUnavailableException($"the key {key} is malformed"));

        Assert.Equal("InvalidOperationException: request with Klaviyo-API-Key *** failed", unexpected);
        Assert.Equal("the key pk_*** is malformed", keyProblem);
    }
}
