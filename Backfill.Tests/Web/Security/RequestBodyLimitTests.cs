using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Backfill.Tests.Web.Api;

namespace Backfill.Tests.Web.Security;

/// <summary>Kestrel's global body limit (Http:MaxRequestBodyBytes), lowered here to 4 KiB, on the real server.</summary>
public sealed class RequestBodyLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<BackfillApp> StartAsync() =>
        BackfillApp.StartAsync(new Dictionary<string, string?> { ["Http:MaxRequestBodyBytes"] = "4096" });

    // The in-app Klaviyo sandbox parses whatever body it gets; the server's limit is the only one in its way.
    [Fact]
    public async Task Post_BodyLargerThanTheLimitOutsideTheApi_Returns413()
    {
        await using var app = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sandbox/klaviyo/api/metric-aggregates")
        {
            Content = new StringContent("{\"data\":{\"padding\":\"" + new string('x', 8 * 1024) + "\"}}", Encoding.UTF8, "application/vnd.api+json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Klaviyo-API-Key", "pk_sandbox_rogue-creamery");
        request.Headers.Add("revision", "2026-07-15");

        using var response = await app.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Post_JsonUnderTheApiLimitButOverTheGlobalOne_Returns413()
    {
        await using var app = await StartAsync();
        var name = new string('x', 8 * 1024);
        using var json = new StringContent($$"""{"id":"big","name":"{{name}}"}""", Encoding.UTF8, "application/json");

        using var response = await app.Client.PostAsync(new Uri("/api/clients", UriKind.Relative), json, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Post_JsonUnderTheLimit_IsRead()
    {
        await using var app = await StartAsync();
        using var json = new StringContent("""{"id":"small","name":"Small"}""", Encoding.UTF8, "application/json");

        using var response = await app.Client.PostAsync(new Uri("/api/clients", UriKind.Relative), json, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
