using System.Net;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.KlaviyoSandbox;

public sealed class SandboxAuthTests
{
    private static readonly string[] RequiredAccountAttributes =
        ["test_account", "contact_information", "timezone", "preferred_currency", "public_api_key", "locale"];

    [Fact]
    public async Task Get_WithoutKey_Returns401NotAuthenticated()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        using var response = await server.Client.SendAsync(SandboxServer.Request(HttpMethod.Get, "api/accounts", null), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/vnd.api+json", response.Content.Headers.ContentType?.MediaType);
        var error = (await response.JsonAsync()).SingleError();
        Assert.Equal("not_authenticated", error.GetProperty("code").GetString());
        Assert.Equal(401, error.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("pk_sandbox_unknown-shop")]
    [InlineData("pk_sandbox_rogue-creamery2")]
    public async Task Get_WithWrongKey_Returns401AuthenticationFailed(string key)
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        using var response = await server.GetAsync("api/accounts", key, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("authentication_failed", (await response.JsonAsync()).SingleError().GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("2026-13-01")]
    [InlineData("2019-01-01")]
    [InlineData("2031-01-15")]
    public async Task Get_WithMissingOrInvalidRevision_Returns400(string? revision)
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var request = SandboxServer.Request(HttpMethod.Get, "api/accounts", SandboxTestExtensions.Rogue, revision: null);
        if (revision is not null)
        {
            request.Headers.TryAddWithoutValidation("revision", revision);
        }

        using var response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.JsonAsync()).SingleError();
        Assert.Equal("revision", error.GetProperty("source").GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("2026-07-15")]
    [InlineData("2024-10-15")]
    [InlineData("2026-07-15.pre")]
    public async Task Get_WithValidRevision_Succeeds(string revision)
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        using var response = await server.Client.SendAsync(
            SandboxServer.Request(HttpMethod.Get, "api/accounts", SandboxTestExtensions.Rogue, revision), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownApiPath_Returns404InKlaviyoShape()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        using var response = await server.GetAsync("api/segments", SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", (await response.JsonAsync()).SingleError().GetProperty("code").GetString());
    }

    [Fact]
    public async Task Post_ToGetOnlyPath_Returns405()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        using var response = await server.PostAsync("api/events", SandboxTestExtensions.Rogue, "{}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("method_not_allowed", (await response.JsonAsync()).SingleError().GetProperty("code").GetString());
    }

    [Fact]
    public async Task Get_WithTrailingSlash_IsAccepted()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var json = await server.GetJsonAsync("api/accounts/", SandboxTestExtensions.Rogue);

        Assert.Equal("America/Los_Angeles", json.GetProperty("data")[0].GetProperty("attributes").GetProperty("timezone").GetString());
    }

    [Fact]
    public async Task MapKlaviyoSandbox_WhenDisabled_MapsNothing()
    {
        await using var server = await SandboxServer.StartAsync(o => o.Enabled = false, cancellationToken: TestContext.Current.CancellationToken);

        using var response = await server.GetAsync("api/accounts", SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength ?? 0);
    }

    [Theory]
    [InlineData(SandboxTestExtensions.Rogue, "America/Los_Angeles", "USD")]
    [InlineData(SandboxTestExtensions.Northloop, "America/New_York", "USD")]
    [InlineData(SandboxTestExtensions.Alder, "Europe/Berlin", "EUR")]
    public async Task GetAccounts_EachKey_ReturnsItsOwnAccount(string key, string timezone, string currency)
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var json = await server.GetJsonAsync("api/accounts", key);

        var account = Assert.Single(json.GetProperty("data").EnumerateArray());
        Assert.Equal("account", account.GetProperty("type").GetString());
        var attributes = account.GetProperty("attributes");
        foreach (var required in RequiredAccountAttributes)
        {
            Assert.True(attributes.TryGetProperty(required, out _), required);
        }
        Assert.Equal(timezone, attributes.GetProperty("timezone").GetString());
        Assert.Equal(currency, attributes.GetProperty("preferred_currency").GetString());
        Assert.StartsWith(server.BaseAddress.ToString(), account.GetProperty("links").GetProperty("self").GetString(), StringComparison.Ordinal);
    }
}
