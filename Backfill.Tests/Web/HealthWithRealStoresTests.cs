using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Backfill.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Backfill.Tests.Web;

/// <summary>/health of the app as Program.cs composes it, with each real store chosen through configuration.</summary>
public sealed class HealthWithRealStoresTests(FirestoreEmulator emulator) : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "backfill-health-" + Guid.NewGuid().ToString("N"));

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetHealthAsync(params (string Key, string Value)[] settings)
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
        return (response.StatusCode, body);
    }

    [Fact]
    public async Task GetHealth_EmbeddedStore_IsHealthyAndNamesItsFile()
    {
        var file = Path.Combine(directory, "health.db");

        var (status, body) = await GetHealthAsync(("Storage:Provider", "Embedded"), ("Storage:Embedded:Path", file));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Embedded", body.GetProperty("store").GetProperty("provider").GetString());
        Assert.Contains(file, body.GetProperty("store").GetProperty("target").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(file));
    }

    [Fact]
    public async Task GetHealth_FirestoreEmulator_IsHealthy()
    {
        var (status, body) = await GetHealthAsync(
            ("Storage:Provider", "Auto"), ("Firestore:EmulatorHost", emulator.Host), ("Firestore:ProjectId", FirestoreEmulator.NewProjectId("health")));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Firestore", body.GetProperty("store").GetProperty("provider").GetString());
        Assert.Contains(emulator.Host, body.GetProperty("store").GetProperty("target").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetHealth_FirestoreNotAnswering_Is503WithTheReason()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (status, body) = await GetHealthAsync(
            ("Storage:Provider", "Firestore"), ("Firestore:EmulatorHost", $"127.0.0.1:{closedPort}"), ("Firestore:ProjectId", "nobody-home"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        Assert.Contains($"127.0.0.1:{closedPort}", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
