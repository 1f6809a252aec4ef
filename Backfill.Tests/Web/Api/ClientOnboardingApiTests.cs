using System.Net;
using System.Text;
using System.Text.Json;

namespace Backfill.Tests.Web.Api;

/// <summary><c>POST /api/clients/test</c> and <c>POST /api/clients/import</c> through the whole app and its in-app sandbox.</summary>
public sealed class ClientOnboardingApiTests : IAsyncLifetime
{
    private BackfillApp _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _app = await BackfillApp.StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string url, HttpContent content)
    {
        using var response = await _app.Client.PostAsync(url, content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Test_ASandboxAccount_AnswersTheAccountInSnakeCase()
    {
        var (status, body) = await PostAsync("/api/clients/test", Json("""{"id":"rogue-creamery","name":"Rogue","sandbox_account":true}"""));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("passed").GetBoolean(), body.ToString());
        Assert.Equal("sandbox", body.GetProperty("key_source").GetString());
        Assert.Equal("America/Los_Angeles", body.GetProperty("time_zone").GetString());
        Assert.Equal("USD", body.GetProperty("currency").GetString());
        Assert.Equal(2, body.GetProperty("placed_order_metrics").GetArrayLength());
        Assert.Equal("unknown", body.GetProperty("reporting_budget_left_today").GetString());
        Assert.True(body.GetProperty("campaigns").GetInt32() > 0);
    }

    [Fact]
    public async Task Test_AKeyKlaviyoRefuses_IsAFailedTestNotAnError()
    {
        // Not one of the demo accounts, so the sandbox refuses its sandbox key.
        var (status, body) = await PostAsync("/api/clients/test", Json("""{"id":"not-a-demo","name":"Nope","sandbox_account":true}"""));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("passed").GetBoolean());
        Assert.Equal("key_refused", body.GetProperty("failure").GetString());
    }

    [Theory]
    [InlineData("""{"name":"No id"}""", "id")]
    [InlineData("""{"id":"ok-id","name":"x","klaviyo_secret_name":"other-secret"}""", "klaviyo_secret_name")]
    public async Task Test_BadBody_Is400NamingTheField(string json, string field)
    {
        var (status, problem) = await PostAsync("/api/clients/test", Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private static StringContent CsvBody(string csv) => new(csv, Encoding.UTF8, "text/csv");

    private async Task<IReadOnlyList<string>> ClientIdsAsync()
    {
        var clients = JsonDocument.Parse(await _app.Client.GetStringAsync("/api/clients", Ct)).RootElement;
        return [.. clients.EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];
    }

    [Fact]
    public async Task Import_HostileCells_AreRefusedAndNotEchoed_AndNothingIsAdded()
    {
        var longName = new string('a', 300);
        var csv = "id,name,klaviyo_secret_name\n"
            + "f1,=cmd|' /C calc'!A0,\n"
            + "f2,+1+1,\n"
            + "f3,-2+3,\n"
            + "f4,@SUM(A1),\n"
            + "f5,Bell\u0007name,\n"
            + $"f6,{longName},\n"
            + "f7,\"\tTabbed\",\n"
            + "=evil,Fine name,\n";

        var (status, body) = await PostAsync("/api/clients/import?dry_run=false", CsvBody(csv));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(8, body.GetProperty("invalid").GetInt32());
        Assert.Equal(0, body.GetProperty("imported").GetInt32());
        var text = body.ToString();
        Assert.DoesNotContain("cmd|", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SUM(", text, StringComparison.Ordinal);
        Assert.DoesNotContain("=evil", text, StringComparison.Ordinal);
        Assert.Contains("formula", body.GetProperty("results")[0].GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("control characters", body.GetProperty("results")[4].GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("longer than", body.GetProperty("results")[5].GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(["alder-and-ash", "northloop-outfitters", "rogue-creamery"], await ClientIdsAsync());
    }

    [Fact]
    public async Task Import_DryRun_ChangesNothing_AndNamesDuplicatesAndFailedTests()
    {
        const string Csv = "id,name,klaviyo_secret_name,placed_order_metric_id\nrogue-creamery,Rogue again,,\nfresh-client,Fresh,klaviyo-fresh,\n";

        var (status, body) = await PostAsync("/api/clients/import?dry_run=true", CsvBody(Csv));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("dry_run").GetBoolean());
        Assert.Equal("duplicate", body.GetProperty("results")[0].GetProperty("outcome").GetString());
        Assert.Equal("connection_failed", body.GetProperty("results")[1].GetProperty("outcome").GetString());
        Assert.False(body.GetProperty("results")[1].GetProperty("connection").GetProperty("passed").GetBoolean());
        Assert.Equal(["alder-and-ash", "northloop-outfitters", "rogue-creamery"], await ClientIdsAsync());
    }

    [Theory]
    [InlineData("name,id\nx,y\n", "text/csv", HttpStatusCode.BadRequest)]
    [InlineData("id,name,klaviyo_secret_name\n", "application/json", HttpStatusCode.UnsupportedMediaType)]
    public async Task Import_WrongHeaderOrType_IsRefusedNamingTheFile(string csv, string type, HttpStatusCode expected)
    {
        using var response = await _app.Client.PostAsync("/api/clients/import", new StringContent(csv, Encoding.UTF8, type), Ct);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Contains("\"file\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Import_BadDryRunValue_Is400NamingIt()
    {
        var (status, problem) = await PostAsync("/api/clients/import?dry_run=maybe", CsvBody("id,name,klaviyo_secret_name\n"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("dry_run", out _));
    }
}
