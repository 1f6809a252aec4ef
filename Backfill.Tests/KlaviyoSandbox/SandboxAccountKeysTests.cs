using System.Net;
using Backfill.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Backfill.Tests.KlaviyoSandbox;

public sealed class SandboxAccountKeysTests
{
    private static string NewKey() => "pk_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    [Fact]
    public async Task Get_WithConfiguredAccountKey_AuthenticatesAsThatAccountAlongsideTheBuiltInKey()
    {
        var key = NewKey();
        // The limiter is off: both keys reach the same account, whose accounts endpoint allows one request a second.
        await using var server = await SandboxServer.StartAsync(
            o => o.RateLimitsEnabled = false,
            configuration: new Dictionary<string, string?> { ["Klaviyo:Sandbox:AccountKeys:alder-and-ash"] = key },
            cancellationToken: TestContext.Current.CancellationToken);

        using var extra = await server.GetAsync("api/accounts", key, TestContext.Current.CancellationToken);
        using var builtIn = await server.GetAsync("api/accounts", SandboxTestExtensions.Alder, TestContext.Current.CancellationToken);
        using var other = await server.GetAsync("api/accounts", NewKey(), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, extra.StatusCode);
        Assert.Equal("Europe/Berlin", (await extra.JsonAsync()).GetProperty("data")[0].GetProperty("attributes").GetProperty("timezone").GetString());
        Assert.Equal(HttpStatusCode.OK, builtIn.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }

    [Fact]
    public async Task Get_WithConfiguredAccountKeyAndRevokedFault_Returns401()
    {
        var key = NewKey();
        await using var server = await SandboxServer.StartAsync(o =>
        {
            o.AccountKeys["alder-and-ash"] = key;
            o.Faults["alder-and-ash"] = new() { RevokedKey = true };
        }, cancellationToken: TestContext.Current.CancellationToken);

        using var response = await server.GetAsync("api/accounts", key, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("no-such-shop", "pk_0123456789abcdef", "no-such-shop")]
    [InlineData("rogue-creamery", " ", "rogue-creamery")]
    public async Task Start_WithInvalidAccountKey_FailsValidationNamingTheSlugNotTheKey(string slug, string key, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SandboxServer.StartAsync(
            configuration: new Dictionary<string, string?> { [$"Klaviyo:Sandbox:AccountKeys:{slug}"] = key },
            cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pk_0123456789abcdef", error.Message, StringComparison.Ordinal);
    }
}
