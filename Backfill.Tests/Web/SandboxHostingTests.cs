using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Backfill.Tests.Web;

/// <summary>The sandbox as the app hosts it: on in Development (the default `dotnet run`), off elsewhere unless configured.</summary>
public sealed class SandboxHostingTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "backfill-sandbox-host-" + Guid.NewGuid().ToString("N"));

    private async Task<HttpResponseMessage> GetAccountsAsync(string environment)
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseEnvironment(environment)
            .UseSetting("Storage:Provider", "Embedded")
            .UseSetting("Storage:Embedded:Path", Path.Combine(directory, "store.db")));
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sandbox/klaviyo/api/accounts");
        request.Headers.Authorization = new AuthenticationHeaderValue("Klaviyo-API-Key", "pk_sandbox_rogue-creamery");
        request.Headers.Add("revision", "2026-07-15");
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        await response.Content.LoadIntoBufferAsync(TestContext.Current.CancellationToken);
        return response;
    }

    [Fact]
    public async Task Sandbox_InDevelopment_ServesTheDemoAccounts()
    {
        using var response = await GetAccountsAsync("Development");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var account = body.RootElement.GetProperty("data")[0];
        Assert.Equal("account", account.GetProperty("type").GetString());
        Assert.Equal("America/Los_Angeles", account.GetProperty("attributes").GetProperty("timezone").GetString());
    }

    [Fact]
    public async Task Sandbox_InProduction_IsNotMapped()
    {
        using var response = await GetAccountsAsync("Production");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
