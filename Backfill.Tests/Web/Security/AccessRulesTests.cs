using System.Security.Claims;
using Backfill.Web.Security;

namespace Backfill.Tests.Web.Security;

/// <summary>The pure rules behind sign-in: who Google lets in as what, which configurations start, which URLs are loopback.</summary>
public sealed class AccessRulesTests
{
    private static readonly GoogleSignInOptions Google = CreateGoogle();

    [Theory]
    [InlineData("ana@agency.example", "true", "agency.example", "viewer")]
    [InlineData("ANA@Agency.Example", "true", "AGENCY.example", "viewer")]
    [InlineData("boss@agency.example", "true", "agency.example", "operator")]
    [InlineData("boss@agency.example", "true", null, "operator")]
    [InlineData("ops@ops.example", "true", "ops.example", "operator")]
    [InlineData("friend@gmail.com", "true", null, "viewer")]
    [InlineData("stranger@gmail.com", "true", null, null)]
    [InlineData("ana@agency.example", "true", null, null)]
    [InlineData("ana@agency.example", "false", "agency.example", null)]
    [InlineData("ana@agency.example", null, "agency.example", null)]
    [InlineData("contractor@elsewhere.example", "true", "agency.example", "viewer")]
    [InlineData("ana@agency.example.evil.com", "true", "agency.example.evil.com", null)]
    [InlineData("evil@notagency.example", "true", "notagency.example", null)]
    [InlineData("", "true", "agency.example", null)]
    public void RoleFor_Claims_FollowsTheAllowLists(string email, string? verified, string? hostedDomain, string? expected)
    {
        var claims = new List<Claim> { new("email", email) };
        if (verified is not null)
        {
            claims.Add(new Claim("email_verified", verified));
        }

        if (hostedDomain is not null)
        {
            claims.Add(new Claim("hd", hostedDomain));
        }

        var role = new DashboardAccess(Google).RoleFor(new ClaimsPrincipal(new ClaimsIdentity(claims, "test")));

        Assert.Equal(expected, role);
    }

    [Theory]
    [InlineData("http://localhost:8000", true)]
    [InlineData("https://LOCALHOST:8443/", true)]
    [InlineData("http://127.0.0.1:0", true)]
    [InlineData("http://127.8.9.1:80", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://[::ffff:127.0.0.1]:5000", true)]
    [InlineData("http://0.0.0.0:8000", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://[::]:80", false)]
    [InlineData("http://192.168.1.4:80", false)]
    [InlineData("http://myhost:80", false)]
    [InlineData("http://localhost.evil.com:80", false)]
    public void IsLoopbackUrl_KestrelUrls(string url, bool expected) =>
        Assert.Equal(expected, LocalModeGuard.IsLoopbackUrl(url));

    [Fact]
    public void Validate_KeyGivenInsteadOfHash_IsRefusedWithoutEchoingIt()
    {
        var options = new AuthOptions();
        options.ApiKeys.Add(new ApiKeyEntry { Name = "bot", Role = "viewer", Sha256 = "pk_live_this_is_not_a_hash" });

        var result = new AuthOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Auth:ApiKeys:0:Sha256 must be the 64 hex digits", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("pk_live_this_is_not_a_hash", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadRolesDuplicateNamesAndOpenGoogle_AreEachNamed()
    {
        var options = new AuthOptions();
        var hash = new string('a', 64);
        options.ApiKeys.Add(new ApiKeyEntry { Name = "bot", Role = "admin", Sha256 = hash });
        options.ApiKeys.Add(new ApiKeyEntry { Name = "BOT", Role = "viewer", Sha256 = hash });
        options.Google.ClientId = "client.apps.googleusercontent.com";

        var failures = new AuthOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.Contains("Auth:ApiKeys:0:Role", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'BOT' is used twice", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Auth:Google:ClientSecret is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("lets nobody in", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_CompleteConfiguration_Passes()
    {
        var options = new AuthOptions();
        options.ApiKeys.Add(new ApiKeyEntry { Name = "bot", Role = "operator", Sha256 = new string('A', 64) });
        options.Google.ClientId = "client.apps.googleusercontent.com";
        options.Google.ClientSecret = "from-user-secrets";
        options.Google.AllowedDomains.Add("agency.example");

        Assert.True(new AuthOptionsValidator().Validate(null, options).Succeeded);
        Assert.True(options.IsConfigured);
        Assert.False(new AuthOptions().IsConfigured);
    }

    private static GoogleSignInOptions CreateGoogle()
    {
        var google = new GoogleSignInOptions { ClientId = "id" };
        google.AllowedDomains.Add("agency.example");
        google.AllowedEmails.Add("friend@gmail.com");
        google.OperatorEmails.Add("boss@agency.example");
        google.OperatorDomains.Add("@ops.example");
        return google;
    }
}
