using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Backfill.Services.Backfill;
using Backfill.Services.Storage;
using Backfill.Tests.Web.Api;
using Backfill.Tests.Web.Security;

namespace Backfill.Tests.Web.Telemetry;

/// <summary>
/// <c>/metrics</c> on the whole app: after a small backfill through the sandbox over real HTTP the product's counters
/// moved with the right labels; only operators (or anyone, when configured) may scrape.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsEndpointTests(MetricsEndpointTests.KeyedApp fixture) : IClassFixture<MetricsEndpointTests.KeyedApp>
{
    private const string Client = "rogue-creamery";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scrape_AfterASmallBackfill_CountsRequestsOrdersDocumentsAndTheRunWithTheirLabels()
    {
        var started = await fixture.App.Coordinator.StartAsync(ClientId.Parse(Client), new BackfillRequest(Days: 14), Ct);
        Assert.True(started.Accepted, started.Message);
        var done = await WaitUntilFinishedAsync(fixture.App.Coordinator, Client);
        Assert.True(done.State == BackfillState.Completed, $"{done.State}: {done.Error}");
        Assert.True(done.Orders > 0, "the sandbox month should have orders");

        // The recorder follows the board asynchronously; the exporter also caches a scrape briefly.
        var text = await ScrapeUntilAsync(t => PrometheusText.Sum(t, "backfill_runs_total", ("client_id", Client), ("outcome", "completed")) is not null);

        // OpenTelemetry listens to every meter named "Backfill" in the process, so web hosts of other test classes that
        // run the same demo client in this test process add to these series: at least this run, never less.
        var ours = string.Join('\n', text.Split('\n').Where(l => l.StartsWith("backfill_", StringComparison.Ordinal)));
        Assert.True(PrometheusText.Sum(text, "backfill_runs_total", ("client_id", Client), ("outcome", "completed")) >= 1, ours);
        Assert.True(PrometheusText.Sum(text, "backfill_orders_written_total", ("client_id", Client)) >= done.Orders, ours);
        Assert.True(PrometheusText.Sum(text, "backfill_documents_written_total", ("client_id", Client)) >= done.Orders);
        Assert.True(PrometheusText.Sum(text, "backfill_klaviyo_requests_total", ("endpoint", "events"), ("status", "200")) >= 1);
        Assert.True(PrometheusText.Sum(text, "backfill_klaviyo_requests_total", ("endpoint", "accounts"), ("status", "200")) >= 1);
        Assert.True(PrometheusText.Sum(text, "backfill_run_duration_seconds_count", ("outcome", "completed")) >= 1);
        Assert.Equal(0, PrometheusText.Sum(text, "backfill_days_behind", ("client_id", Client)));

        // Campaign values, flow values and flow series for 14 days: three reporting calls, as the ledger counted them.
        Assert.True(PrometheusText.Sum(text, "backfill_reporting_budget_used", ("client_id", Client), ("endpoint", "reporting")) >= 3, ours);
    }

    [Fact]
    public async Task Scrape_ByRole_AnonymousIs401_ViewerIs403_OperatorGetsPrometheusText()
    {
        using var anonymous = await SendAsync(key: null);
        using var viewer = await SendAsync(fixture.ViewerKey);
        using var @operator = await SendAsync(fixture.OperatorKey);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, @operator.StatusCode);
        Assert.Equal("text/plain", @operator.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE ", await @operator.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SendAsync(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await fixture.App.Client.SendAsync(request, Ct);
    }

    private async Task<string> ScrapeUntilAsync(Func<string, bool> ready)
    {
        var text = "";
        for (var attempt = 0; attempt < 120; attempt++)
        {
            using var response = await SendAsync(fixture.OperatorKey);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync(Ct);
            if (ready(text))
            {
                return text;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
        }

        return text;
    }

    private static async Task<BackfillStatus> WaitUntilFinishedAsync(IBackfillCoordinator coordinator, string clientId)
    {
        using var subscription = coordinator.Subscribe();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromMinutes(3));
        await foreach (var board in subscription.Updates.ReadAllAsync(limit.Token))
        {
            if (board.Statuses.FirstOrDefault(s => s.ClientId.Value == clientId) is { State: BackfillState.Completed or BackfillState.Failed or BackfillState.Cancelled } done)
            {
                return done;
            }
        }

        throw new TimeoutException($"{clientId} did not finish");
    }

    public sealed class KeyedApp : IAsyncLifetime
    {
        public string ViewerKey { get; } = "bk_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

        public string OperatorKey { get; } = "bk_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

        internal BackfillApp App { get; private set; } = null!;

        public async ValueTask InitializeAsync() => App = await BackfillApp.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:0:Name"] = "reporting",
            ["Auth:ApiKeys:0:Role"] = "viewer",
            ["Auth:ApiKeys:0:Sha256"] = ApiKeyHashes.Sha256Hex(ViewerKey),
            ["Auth:ApiKeys:1:Name"] = "prometheus",
            ["Auth:ApiKeys:1:Role"] = "operator",
            ["Auth:ApiKeys:1:Sha256"] = ApiKeyHashes.Sha256Hex(OperatorKey),
        });

        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }
}
