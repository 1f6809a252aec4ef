using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Backfill.Tests.Web.Api;

/// <summary>
/// <c>POST /api/clients</c> and names: stored in NFC, and a name that reads like an existing client's is added with a
/// warning naming that client (a warning, not a refusal).
/// </summary>
public sealed class ClientNameApiTests(BackfillAppFixture fixture) : IClassFixture<BackfillAppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("lookalike-cyrillic", "R\u043Egue Creamery")]
    [InlineData("lookalike-case", "ROGUE CREAMERY")]
    [InlineData("lookalike-fullwidth", "\uFF32\uFF4F\uFF47\uFF55\uFF45 Creamery")]
    public async Task Add_NameThatReadsLikeAnExistingClient_IsCreatedWithAWarningNamingIt(string id, string name)
    {
        using var response = await fixture.App.Client.PostAsJsonAsync("/api/clients", new { id, name }, Ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var warning = Assert.Single(body.RootElement.GetProperty("warnings").GetProperty("name").EnumerateArray()).GetString();
        Assert.Contains("'Rogue Creamery' (rogue-creamery)", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_DistinctDecomposedName_IsStoredInNfcWithoutWarnings()
    {
        using var response = await fixture.App.Client.PostAsJsonAsync("/api/clients", new { id = "cafe-munster", name = "Cafe\u0301 Mu\u0308nster" }, Ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Caf\u00E9 M\u00FCnster", body.RootElement.GetProperty("name").GetString());
        Assert.False(body.RootElement.TryGetProperty("warnings", out _));
    }
}
