using System.Net;
using System.Text.Json;
using Backfill.Tests.Web.Api;

namespace Backfill.Tests.Web.Security;

/// <summary>
/// Google sign-in with <c>Auth:Google:ClientAccess</c>, end to end over HTTP (the app's OpenID Connect handler and
/// <see cref="OpenIdProviderStandIn"/>): the session carries the person's clients, an e-mail entry wins over the domain's.
/// </summary>
public sealed class ScopedGoogleSignInTests : IAsyncLifetime
{
    private OpenIdProviderStandIn _google = null!;
    private BackfillApp _app = null!;
    private HttpClient _browser = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _google = await OpenIdProviderStandIn.StartAsync();
        _app = await BackfillApp.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:Google:Authority"] = _google.Issuer,
            ["Auth:Google:ClientId"] = OpenIdProviderStandIn.ClientId,
            ["Auth:Google:ClientSecret"] = OpenIdProviderStandIn.ClientSecret,
            ["Auth:Google:AllowedDomains:0"] = "agency.example",
            ["Auth:Google:OperatorEmails:0"] = "boss@agency.example",
            ["Auth:Google:ClientAccess:agency.example:0"] = "rogue-creamery",
            ["Auth:Google:ClientAccess:boss@agency.example:0"] = "alder-and-ash",
        });
        _browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = _app.Client.BaseAddress,
        };
    }

    public async ValueTask DisposeAsync()
    {
        _browser.Dispose();
        await _app.DisposeAsync();
        await _google.DisposeAsync();
    }

    [Fact]
    public async Task DomainViewer_SeesTheDomainsClientOnly()
    {
        _google.NextUser = ("ana@agency.example", true, "agency.example");

        await SignInAsync();

        Assert.Equal(["rogue-creamery"], await StatusIdsAsync());
        using var other = await _browser.GetAsync("/api/backfill/data/alder-and-ash/summary", Ct);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        using var own = await _browser.GetAsync("/api/backfill/data/rogue-creamery/summary", Ct);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task OperatorWithAnEmailEntry_ActsOnItsClientOnly()
    {
        _google.NextUser = ("boss@agency.example", true, "agency.example");

        await SignInAsync();

        Assert.Equal(["alder-and-ash"], await StatusIdsAsync());
        using var other = await _browser.PostAsync("/api/backfill/start/northloop-outfitters?days=1", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Contains("No client 'northloop-outfitters' is registered.", await other.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var own = await _browser.PostAsync("/api/backfill/start/alder-and-ash?days=1", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
    }

    private async Task<List<string?>> StatusIdsAsync()
    {
        using var response = await _browser.GetAsync("/api/backfill/status", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        return [.. body.GetProperty("statuses").EnumerateArray().Select(s => s.GetProperty("client_id").GetString())];
    }

    private async Task SignInAsync()
    {
        using var challenge = await _browser.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        using var authorize = await _browser.GetAsync(challenge.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        using var signedIn = await _browser.GetAsync(authorize.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
    }
}
