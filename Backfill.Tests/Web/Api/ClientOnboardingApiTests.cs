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
}
