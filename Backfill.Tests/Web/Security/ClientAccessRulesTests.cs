using System.Security.Claims;
using System.Text;
using Backfill.Services.Storage;
using Backfill.Tests.Web.Api;
using Backfill.Web.Security;
using Microsoft.Extensions.Configuration;

namespace Backfill.Tests.Web.Security;

/// <summary>Who sees which clients: the Google rules, the claims, and the configuration shapes refused at start.</summary>
public sealed class ClientAccessRulesTests
{
    [Theory]
    [InlineData("ana@shop.example", "shop.example", "ana-only")]
    [InlineData("ANA@Shop.Example", null, "ana-only")]
    [InlineData("bo@shop.example", "shop.example", "shop-wide")]
    [InlineData("bo@shop.example", null, "shop-wide")]
    [InlineData("cy@workspace.example", "shop.example", "shop-wide")]
    [InlineData("di@agency.example", "agency.example", null)]
    [InlineData("ed@at-domain.example", null, "at-domain")]
    public void ClientsFor_Claims_EmailBeforeWorkspaceDomainBeforeEmailDomain(string email, string? hostedDomain, string? expected)
    {
        var google = new GoogleSignInOptions { ClientId = "id" };
        google.ClientAccess["ana@shop.example"] = ["ana-only"];
        google.ClientAccess["shop.example"] = ["shop-wide"];
        google.ClientAccess["@at-domain.example"] = ["at-domain"];
        var claims = new List<Claim> { new("email", email), new("email_verified", "true") };
        if (hostedDomain is not null)
        {
            claims.Add(new Claim("hd", hostedDomain));
        }

        var clients = new DashboardAccess(google).ClientsFor(new ClaimsPrincipal(new ClaimsIdentity(claims, "test")));

        Assert.Equal(expected, clients?.Single());
    }

    [Fact]
    public void Of_NoClientClaims_IsEveryClient_AndClaimsLimitIt()
    {
        var everyone = ClientScope.Of(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, "viewer")], "test")));
        var limited = ClientScope.Of(new ClaimsPrincipal(new ClaimsIdentity(ClientScope.Claims(["b-shop", "a-shop"]), "test")));

        Assert.False(everyone.IsLimited);
        Assert.True(everyone.Allows(ClientId.Parse("anything")));
        Assert.True(limited.IsLimited);
        Assert.Equal(["a-shop", "b-shop"], limited.Clients.Select(c => c.Value));
        Assert.False(limited.Allows(ClientId.Parse("c-shop")));
        Assert.Empty(ClientScope.Claims([]));
    }

    [Fact]
    public void Of_OnlyInvalidClientClaims_SeesNothingRatherThanEverything()
    {
        var scope = ClientScope.Of(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClientScope.ClaimType, "Not An Id!")], "test")));

        Assert.True(scope.IsLimited);
        Assert.Empty(scope.Clients);
    }

    [Theory]
    [InlineData("""{"ApiKeys":[{"Name":"a","Clients":"rogue-creamery"}]}""", "Auth:ApiKeys:0:Clients must be a list of client ids")]
    [InlineData("""{"ApiKeys":[{"Name":"a","Clients":{"id":"rogue-creamery"}}]}""", "Auth:ApiKeys:0:Clients must be a list of client ids, not an object")]
    [InlineData("""{"ApiKeys":[{"Name":"a","Clients":[]}]}""", "Auth:ApiKeys:0:Clients is empty")]
    [InlineData("""{"ApiKeys":[{"Name":"a","Clients":[["rogue-creamery"]]}]}""", "Auth:ApiKeys:0:Clients:0 must be a client id, not a list")]
    [InlineData("""{"ApiKeys":[{"Name":"a","Clients":["Rogue Creamery"]}]}""", "Auth:ApiKeys:0:Clients:0 'Rogue Creamery' is not a client id")]
    [InlineData("""{"Google":{"ClientAccess":"ana@shop.example"}}""", "Auth:Google:ClientAccess must map e-mail addresses or domains")]
    [InlineData("""{"Google":{"ClientAccess":["ana@shop.example"]}}""", "'0' is neither an e-mail address nor a domain")]
    [InlineData("""{"Google":{"ClientAccess":{"ana@shop.example":"shop-id"}}}""", "Auth:Google:ClientAccess:ana@shop.example must be a list of client ids")]
    [InlineData("""{"Google":{"ClientAccess":{"ana@shop.example":[]}}}""", "Auth:Google:ClientAccess:ana@shop.example is empty")]
    [InlineData("""{"Google":{"ClientAccess":{"ana":["shop-id"]}}}""", "'ana' is neither an e-mail address nor a domain")]
    [InlineData("""{"Google":{"ClientAccess":{"ana@@shop.example":["shop-id"]}}}""", "'ana@@shop.example' is neither an e-mail address nor a domain")]
    public void Validate_ShapesTheBinderWouldDrop_AreRefusedByPath(string json, string expected)
    {
        var result = Validate(json);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ListsOfClientIds_Pass()
    {
        var result = Validate("""
            {"ApiKeys":[{"Name":"a","Clients":["rogue-creamery","alder-and-ash"]},{"Name":"b"}],
             "Google":{"ClientAccess":{"ana@shop.example":["rogue-creamery"],"shop.example":["alder-and-ash"],"@other.example":["x1"]}}}
            """);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public async Task Start_ClientsWrittenAsOneString_StopsTheAppWithTheReason()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await (await BackfillApp.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:0:Name"] = "bot",
            ["Auth:ApiKeys:0:Role"] = "viewer",
            ["Auth:ApiKeys:0:Sha256"] = new string('a', 64),
            ["Auth:ApiKeys:0:Clients"] = "rogue-creamery",
        })).DisposeAsync());

        Assert.Contains("Auth:ApiKeys:0:Clients must be a list", error.ToString(), StringComparison.Ordinal);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(string json)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes($$"""{"Auth":{{json}}}""")))
            .Build();
        return new ClientAccessValidator(configuration).Validate(null, new AuthOptions());
    }
}
