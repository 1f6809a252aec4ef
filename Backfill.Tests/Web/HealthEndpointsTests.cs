using System.Net;
using System.Text.Json;
using Backfill.Services.Storage;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Backfill.Tests.Web;

public sealed class HealthEndpointsTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    private static readonly StoreDescription Embedded = new("Embedded", "App_Data/test.db");

    [Fact]
    public async Task GetHealth_StoreHealthy_Returns200WithStoreAndLatencyInSnakeCase()
    {
        var store = new FixedHealthDocumentStore(Embedded, new StoreHealth(true, null, TimeSpan.FromMilliseconds(12.34)));
        using var client = factory.WithDocumentStore(store).CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var root = body.RootElement;
        Assert.Equal("healthy", root.GetProperty("status").GetString());
        Assert.Equal("Embedded", root.GetProperty("store").GetProperty("provider").GetString());
        Assert.Equal("App_Data/test.db", root.GetProperty("store").GetProperty("target").GetString());
        Assert.Equal(12.3, root.GetProperty("latency_ms").GetDouble());
        Assert.False(root.TryGetProperty("error", out _));
        Assert.False(root.TryGetProperty("latencyMs", out _));
    }

    [Fact]
    public async Task GetHealth_StoreUnhealthy_Returns503WithStoreAndError()
    {
        var description = new StoreDescription("Firestore", "emulator 127.0.0.1:8080, project demo-backfill");
        var store = new FixedHealthDocumentStore(description, new StoreHealth(false, "UNAVAILABLE: connection refused", TimeSpan.Zero));
        using var client = factory.WithDocumentStore(store).CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var root = body.RootElement;
        Assert.Equal("unhealthy", root.GetProperty("status").GetString());
        Assert.Equal("Firestore", root.GetProperty("store").GetProperty("provider").GetString());
        Assert.Equal("emulator 127.0.0.1:8080, project demo-backfill", root.GetProperty("store").GetProperty("target").GetString());
        Assert.Equal("UNAVAILABLE: connection refused", root.GetProperty("error").GetString());
        Assert.False(root.TryGetProperty("latency_ms", out _));
    }

    [Fact]
    public async Task GetHealth_StoreUnhealthyWithoutMessage_Returns503WithGenericError()
    {
        var store = new FixedHealthDocumentStore(Embedded, new StoreHealth(false, null, TimeSpan.Zero));
        using var client = factory.WithDocumentStore(store).CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("error").GetString()));
    }
}
