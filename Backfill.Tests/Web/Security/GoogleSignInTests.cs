using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Backfill.Tests.Web.Api;

namespace Backfill.Tests.Web.Security;

/// <summary>
/// Dashboard sign-in end to end: the app on Kestrel, its real OpenID Connect handler, and <see cref="OpenIdProviderStandIn"/>
/// in Google's place (Google cannot be reached from here). A browser's redirects and cookies are played by an HttpClient.
/// </summary>
public sealed partial class GoogleSignInTests : IAsyncLifetime
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
    public async Task Dashboard_SignedOut_RedirectsToTheProviderWithCodeFlowAndPkce()
    {
        using var response = await _browser.GetAsync("/", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith($"{_google.Issuer}/authorize?", location, StringComparison.Ordinal);
        Assert.Contains("response_type=code", location, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", location, StringComparison.Ordinal);
        Assert.Contains("scope=openid email profile", location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_SignedOut_Is401ProblemNotARedirect()
    {
        using var response = await _browser.GetAsync("/api/backfill/status", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Viewer_SignsIn_ReadsButCannotStart()
    {
        _google.NextUser = ("ana@agency.example", true, "agency.example");

        await SignInAsync();

        using var page = await _browser.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var status = await _browser.GetAsync("/api/backfill/status", Ct);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        using var start = await _browser.PostAsync("/api/backfill/start/rogue-creamery?days=3", null, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, start.StatusCode);
        var problem = JsonDocument.Parse(await start.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Contains("Your role (viewer)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operator_SignsIn_CanStart()
    {
        _google.NextUser = ("boss@agency.example", true, null);

        await SignInAsync();

        using var start = await _browser.PostAsync("/api/backfill/start/rogue-creamery?days=3", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
    }

    [Theory]
    [InlineData("stranger@gmail.com", true, null)]
    [InlineData("ana@agency.example", false, "agency.example")]
    [InlineData("ana@agency.example", true, null)]
    public async Task NotAllowed_SignInEndsOnTheDeniedPageWithoutASession(string email, bool verified, string? hostedDomain)
    {
        _google.NextUser = (email, verified, hostedDomain);

        var callback = await FollowToCallbackAsync();
        using var denied = await _browser.GetAsync(callback, Ct);

        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Equal("/auth/denied?reason=not-allowed", denied.Headers.Location!.OriginalString);
        using var page = await _browser.GetAsync(denied.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        var text = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Your Google account is not allowed to use this dashboard", text, StringComparison.Ordinal);
        Assert.DoesNotContain(email, text, StringComparison.Ordinal);
        using var again = await _browser.GetAsync("/api/backfill/status", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task SignOut_NeedsTheFormsAntiforgeryTokenThenEndsTheSession()
    {
        await SignInAsync();

        using var forged = await _browser.PostAsync("/auth/signout", new FormUrlEncodedContent([]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var stillIn = await _browser.GetAsync("/api/backfill/status", Ct);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);

        var form = await _browser.GetStringAsync("/auth/signout", Ct);
        var token = HiddenToken().Match(form);
        Assert.True(token.Success, form);
        using var signedOut = await _browser.PostAsync("/auth/signout",
            new FormUrlEncodedContent([new(token.Groups["name"].Value, WebUtility.HtmlDecode(token.Groups["value"].Value))]), Ct);
        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);

        using var after = await _browser.GetAsync("/api/backfill/status", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    /// <summary>Dashboard → provider → back to the app's callback URL (not yet requested).</summary>
    private async Task<Uri> FollowToCallbackAsync()
    {
        using var challenge = await _browser.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        using var authorize = await _browser.GetAsync(challenge.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        return authorize.Headers.Location!;
    }

    private async Task SignInAsync()
    {
        var callback = await FollowToCallbackAsync();
        using var signedIn = await _browser.GetAsync(callback, Ct);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
    }

    [GeneratedRegex("""name="(?<name>[^"]+)" value="(?<value>[^"]+)" """, RegexOptions.CultureInvariant)]
    private static partial Regex HiddenToken();
}
