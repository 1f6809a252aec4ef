using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Infrastructure;
using Backfill.Tests.KlaviyoSandbox;

namespace Backfill.Tests.Backfilling.Leases;

/// <summary>
/// Two real app processes on one embedded file: a client edited on one instance is taken in by the other within its
/// reload interval, and a run there uses the new Placed Order metric and refresh lookback.
/// </summary>
public sealed class ClientEditAcrossInstancesTests : IAsyncLifetime
{
    private const string Client = "rogue-creamery";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "backfill-client-edit-" + Guid.NewGuid().ToString("N"));
    private readonly List<AppProcess> _apps = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string DatabasePath => Path.Combine(_directory, "shared.db");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A killed process may still hold the file for a moment; the temp folder is cleaned eventually.
        }
    }

    [Fact]
    public async Task EditOnA_IsSeenByB_AndARunOnBUsesTheNewMetricAndLookback()
    {
        string shopify, woo;
        await using (var sandbox = await SandboxServer.StartAsync(cancellationToken: Ct))
        {
            shopify = await sandbox.MetricIdAsync(SandboxTestExtensions.Rogue, "Placed Order", "Shopify");
            woo = await sandbox.MetricIdAsync(SandboxTestExtensions.Rogue, "Placed Order", "WooCommerce");
        }

        var (a, b) = await StartBothAsync();
        await a.PostAsync("/api/clients", new { id = Client, name = "Rogue Creamery", sandbox_account = true }, Ct);
        var registered = Stopwatch.StartNew();
        await WaitForAsync(b, _ => true, TimeSpan.FromSeconds(30));
        TestContext.Current.SendDiagnosticMessage($"B knew the new client after {registered.Elapsed.TotalSeconds:0.0} s");
        await b.PostAsync($"/api/backfill/start/{Client}?days=3", null, Ct);
        var first = await WaitForAsync(b, s => State(s) == "completed", TimeSpan.FromMinutes(3));
        Assert.Equal("B", first.GetProperty("instance").GetString());
        Assert.Equal([shopify], await ConversionMetricsAsync());

        // A refuses an edit while it still shows the run as active: it sees B's end at its next poll.
        await WaitForAsync(a, s => State(s) == "completed", TimeSpan.FromSeconds(30));

        var edit = new { name = "Rogue Creamery (Woo)", klaviyo_secret_name = (string?)null, placed_order_metric_id = woo, refresh_lookback_days = 2 };
        using (var response = await a.Http.PutAsJsonAsync($"/api/clients/{Client}", edit, Ct))
        {
            Assert.True(response.IsSuccessStatusCode, $"PUT on A: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        }

        // The new name reaches B with A's status write (the poll); the registration itself comes with B's reload of
        // the clients a second later at most. A few reload intervals more, then only B is left: the refresh's lookback
        // is the one B holds, and its run reads the metric when it takes the lease.
        await WaitForAsync(b, s => s.GetProperty("client_name").GetString() == "Rogue Creamery (Woo)", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(4), Ct);
        await a.KillAsync();
        await b.PostAsync($"/api/backfill/refresh/{Client}", new { }, Ct);
        var refreshed = await WaitForAsync(b, s => State(s) == "completed" && s.GetProperty("parameters").GetProperty("kind").GetString() == "refresh", TimeSpan.FromMinutes(3));

        Assert.Equal("B", refreshed.GetProperty("instance").GetString());
        Assert.Equal(2, refreshed.GetProperty("parameters").GetProperty("lookback_days").GetInt32());
        Assert.Equal(2, refreshed.GetProperty("total_days").GetInt32());
        Assert.Contains(woo, await ConversionMetricsAsync());
    }

    /// <summary>The distinct conversion metrics the stored campaigns were counted with.</summary>
    private async Task<List<string>> ConversionMetricsAsync()
    {
        using var store = new EmbeddedDocumentStore(DatabasePath);
        var campaigns = await store.QueryAsync(Query.Collection(DataLayout.Campaigns(ClientId.Parse(Client))), Ct).ToListAsync(Ct);
        Assert.NotEmpty(campaigns);
        return [.. campaigns.Select(c => c.Fields["conversion_metric_id"] as string ?? "").Distinct().Order()];
    }

    private async Task<(AppProcess A, AppProcess B)> StartBothAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "Embedded",
            ["Storage__Embedded__Path"] = DatabasePath,
            ["Klaviyo__Sandbox__Enabled"] = "true",
            ["Klaviyo__Sandbox__RateLimitsEnabled"] = "false",
            ["Backfill__MaxParallelClients"] = "1",
            ["Backfill__Leases__Duration"] = "00:00:06",
            ["Backfill__Leases__PollInterval"] = "00:00:00.500",
            ["Backfill__Leases__ClientReloadInterval"] = "00:00:01",
            ["Alerts__CheckInterval"] = "01:00:00",
            ["Api__RateLimit__ReadPermitLimit"] = "100000",
            ["Logging__LogLevel__System.Net.Http.HttpClient"] = "Warning",
        };
        foreach (var (key, value) in BackfillTestHost.FastKlaviyo)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        var starting = new[] { "A", "B" }.Select(id => AppProcess.StartAsync(id, Path.Combine(_directory, id), environment, Ct)).ToArray();
        try
        {
            await Task.WhenAll(starting);
        }
        finally
        {
            _apps.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
        }

        return (starting[0].Result, starting[1].Result);
    }

    private static string? State(JsonElement status) => status.GetProperty("status").GetString();

    private static async Task<JsonElement> WaitForAsync(AppProcess app, Func<JsonElement, bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        JsonElement? last = null;
        while (watch.Elapsed < timeout)
        {
            last = await app.StatusAsync(Client, Ct);
            if (last is { } status && condition(status))
            {
                return status;
            }

            await Task.Delay(100, Ct);
        }

        throw new TimeoutException($"{Client} on {app.InstanceId} did not get there in {timeout}; last: {last}\n{app.Output}");
    }
}
