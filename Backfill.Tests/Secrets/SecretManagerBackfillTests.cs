using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Data;
using Backfill.Services.Clients;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Backfilling;
using Backfill.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Secrets;

/// <summary>
/// Non-sandbox clients whose keys live in Secret Manager (the stand-in), backfilled by the real coordinator from the
/// Klaviyo sandbox over HTTP (as <c>Klaviyo:BaseUrl</c>). The sandbox serves the account a key belongs to, so the
/// stored data shows whose key a client's run used.
/// </summary>
public sealed class SecretManagerBackfillTests : IAsyncLifetime
{
    private const string WrongKey = "pk_wrong_0001";
    private readonly string _directory = TestDirectory.NewPath("backfill-secrets-");
    private EmbeddedDocumentStore _store = null!;
    private SecretManagerStandIn _standIn = null!;
    private SandboxServer _sandbox = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = new EmbeddedDocumentStore(Path.Combine(_directory, "store.db"));
        _standIn = await SecretManagerStandIn.StartAsync();
        _sandbox = await BackfillTestHost.StartSandboxAsync(o =>
        {
            // A little latency keeps both runs in flight at the same time.
            o.Faults["rogue-creamery"] = new() { LatencyMs = 5 };
            o.Faults["northloop-outfitters"] = new() { LatencyMs = 5 };
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        await _standIn.DisposeAsync();
        await _store.DisposeAsync();
        TestDirectory.Delete(_directory);
    }

    private Task<BackfillTestHost> StartHostAsync(CapturingLoggerProvider? logs = null)
    {
        var configuration = _standIn.Configuration();
        configuration["Klaviyo:BaseUrl"] = _sandbox.BaseAddress.ToString();
        return BackfillTestHost.StartAsync(_store, _sandbox.BaseAddress, configuration, logs);
    }

    private static async Task AddClientAsync(BackfillTestHost host, string id, string? secretName = null)
    {
        var added = await host.Coordinator.AddClientAsync(new NewClient(id, id, secretName), Ct);
        Assert.True(added.Accepted, added.Message);
    }

    [Fact]
    public async Task Backfill_TwoClientsConcurrently_EachRunUsesOnlyItsOwnSecretsKey()
    {
        _standIn.SetSecret("klaviyo-client-a", SandboxServer.KeyFor("rogue-creamery"));
        _standIn.SetSecret("klaviyo-api-key-client-b", SandboxServer.KeyFor("northloop-outfitters"));
        await using var host = await StartHostAsync();
        await AddClientAsync(host, "client-a", "klaviyo-client-a");
        await AddClientAsync(host, "client-b");

        var started = await host.Coordinator.StartAllAsync(new BackfillRequest(Days: 4), testMode: false, Ct);
        var a = await host.WaitUntilFinishedAsync("client-a");
        var b = await host.WaitUntilFinishedAsync("client-b");

        Assert.Equal(2, started.Started.Count);
        Assert.Equal(BackfillState.Completed, a.State);
        Assert.Equal(BackfillState.Completed, b.State);
        Assert.Equal("America/Los_Angeles", a.TimeZone);
        Assert.Equal("America/New_York", b.TimeZone);
        var ordersA = await AssertMatchesAccountAsync(a, "rogue-creamery");
        var ordersB = await AssertMatchesAccountAsync(b, "northloop-outfitters");
        Assert.NotEqual(ordersA, ordersB);
        Assert.Equal(1, _standIn.Requests("klaviyo-client-a"));
        Assert.Equal(1, _standIn.Requests("klaviyo-api-key-client-b"));
    }

    [Fact]
    public async Task Backfill_SecretRotatedAfterItsKeyWasCached_RefreshesOnceAndCompletes()
    {
        _standIn.SetSecret("klaviyo-api-key-acme", WrongKey);
        var logs = new CapturingLoggerProvider();
        await using var host = await StartHostAsync(logs);
        await AddClientAsync(host, "acme");
        var record = new ClientRecord(ClientId.Parse("acme"), "acme", null, null, false, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        await host.Services.GetRequiredService<IKlaviyoKeyResolver>().ResolveAsync(record, Ct);
        _standIn.SetSecret("klaviyo-api-key-acme", SandboxServer.KeyFor("rogue-creamery"));

        await host.Coordinator.StartAsync(ClientId.Parse("acme"), new BackfillRequest(Days: 3), Ct);
        var done = await host.WaitUntilFinishedAsync("acme");

        Assert.Equal(BackfillState.Completed, done.State);
        Assert.True(done.Orders > 0);
        Assert.Equal(2, _standIn.Requests("klaviyo-api-key-acme"));
        Assert.Single(logs.Entries, e => e.Text.Contains("reading the key again", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains(WrongKey, StringComparison.Ordinal) || e.Text.Contains("pk_sandbox_rogue", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Backfill_SecretStillWrongAfterTheRefresh_FailsWithoutTheKey()
    {
        _standIn.SetSecret("klaviyo-api-key-acme", WrongKey);
        await using var host = await StartHostAsync();
        await AddClientAsync(host, "acme");

        await host.Coordinator.StartAsync(ClientId.Parse("acme"), new BackfillRequest(Days: 3), Ct);
        var failed = await host.WaitUntilFinishedAsync("acme");

        Assert.Equal(BackfillState.Failed, failed.State);
        Assert.Contains("401", failed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("pk_", failed.Error, StringComparison.Ordinal);
        Assert.Equal(2, _standIn.Requests("klaviyo-api-key-acme"));
    }

    [Fact]
    public async Task Backfill_SecretMissing_FailsNamingTheSecretAndTheFix()
    {
        await using var host = await StartHostAsync();
        await AddClientAsync(host, "acme");

        await host.Coordinator.StartAsync(ClientId.Parse("acme"), new BackfillRequest(Days: 3), Ct);
        var failed = await host.WaitUntilFinishedAsync("acme");

        Assert.Equal(BackfillState.Failed, failed.State);
        Assert.StartsWith("Secret projects/backfill-test/secrets/klaviyo-api-key-acme was not found in Secret Manager", failed.Error, StringComparison.Ordinal);
        Assert.Contains("gcloud secrets create klaviyo-api-key-acme", failed.Error, StringComparison.Ordinal);
        Assert.Equal(1, _standIn.Requests("klaviyo-api-key-acme"));
    }

    /// <summary>The client's daily rollups equal the sandbox account's own order counts; returns the total.</summary>
    private async Task<long> AssertMatchesAccountAsync(BackfillStatus done, string account)
    {
        var expected = await new SandboxOracle(_sandbox, account).DailyOrdersAsync(done.TimeZone!, done.RangeStart!.Value, done.RangeEnd!.Value);
        var queries = new BackfillDataQueries(_store, new ClientRegistry(_store, TimeProvider.System));
        var rollups = (await queries.GetDailyRollupsAsync(done.ClientId, Ct)).ToDictionary(r => r.Date, r => r.Orders);

        Assert.Equal(expected.ToDictionary(e => e.Key, e => e.Value.Count), rollups);
        return rollups.Values.Sum();
    }
}
