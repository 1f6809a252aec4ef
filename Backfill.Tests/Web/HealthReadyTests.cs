using System.Net;
using System.Text.Json;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Backfilling.Resilience;
using Backfill.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Backfill.Tests.Web;

/// <summary><c>/health/ready</c> of the app as Program.cs composes it, over a real store that is down at boot.</summary>
public sealed class HealthReadyTests : IAsyncLifetime
{
    private readonly string _directory = TestDirectory.NewPath("backfill-ready-");
    private EmbeddedDocumentStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _store = new EmbeddedDocumentStore(Path.Combine(_directory, "store.db"));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        TestDirectory.Delete(_directory);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
        return (response.StatusCode, body);
    }

    [Fact]
    public async Task Ready_Is503UntilTheCoordinatorHasLoaded_Then200_And503AgainWhileTheStoreIsDown()
    {
        var outage = new OutageDocumentStore(_store) { Down = true };
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Backfill:StartupLoad:BaseDelay", "00:00:00.100");
            builder.UseSetting("Backfill:StartupLoad:MaxDelay", "00:00:00.300");
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<IDocumentStore>();
                services.AddSingleton<IDocumentStore>(outage);
            });
        });
        using var client = factory.CreateClient();

        var (downStatus, downBody) = await GetAsync(client, "/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, downStatus);
        Assert.Equal("not_ready", downBody.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(downBody.GetProperty("reason").GetString()));

        // The store comes back: the coordinator's retried load succeeds and the instance becomes ready.
        outage.Down = false;
        var ready = HttpStatusCode.ServiceUnavailable;
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            limit.CancelAfter(TimeSpan.FromSeconds(60));
            while (ready != HttpStatusCode.OK)
            {
                await Task.Delay(100, limit.Token);
                (ready, _) = await GetAsync(client, "/health/ready");
            }
        }

        Assert.True(outage.FailedReads > 0);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/health")).Status);

        outage.Down = true;
        var (again, againBody) = await GetAsync(client, "/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, again);
        Assert.Contains("does not answer", againBody.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
