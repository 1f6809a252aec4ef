using Backfill.Services.Clients;
using Backfill.Services.Clients.Onboarding;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Backfilling;
using Backfill.Tests.Infrastructure;
using Backfill.Tests.Secrets;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Clients.Onboarding;

/// <summary>
/// The connection test against the Klaviyo sandbox over HTTP (as <c>Klaviyo:BaseUrl</c>) with keys from the Secret
/// Manager stand-in: each failure reason, and what a passing test reads.
/// </summary>
public sealed class ClientConnectionTesterTests : IAsyncLifetime
{
    private const string RestrictedKey = "pk_restricted_northloop_0001";
    private readonly string _directory = TestDirectory.NewPath("backfill-conntest-");
    private EmbeddedDocumentStore _store = null!;
    private SecretManagerStandIn _standIn = null!;
    private SandboxServer _sandbox = null!;
    private BackfillTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ClientConnectionTester Tester => _host.Services.GetRequiredService<ClientConnectionTester>();

    public async ValueTask InitializeAsync()
    {
        _store = new EmbeddedDocumentStore(Path.Combine(_directory, "store.db"));
        _standIn = await SecretManagerStandIn.StartAsync();
        _sandbox = await BackfillTestHost.StartSandboxAsync(o =>
            o.RestrictedKeys["northloop-outfitters"] = new() { Key = RestrictedKey, MissingScope = "campaigns:read" });
        var configuration = _standIn.Configuration();
        configuration["Klaviyo:BaseUrl"] = _sandbox.BaseAddress.ToString();
        _host = await BackfillTestHost.StartAsync(_store, _sandbox.BaseAddress, configuration);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _sandbox.DisposeAsync();
        await _standIn.DisposeAsync();
        await _store.DisposeAsync();
        TestDirectory.Delete(_directory);
    }

    [Fact]
    public async Task Passing_ReadsTheAccount_MetricCampaignsAndFlows()
    {
        _standIn.SetSecret("klaviyo-alder", SandboxServer.KeyFor("alder-and-ash"));

        var result = await Tester.TestAsync(new NewClient("alder", "Alder", "klaviyo-alder"), Ct);

        Assert.True(result.Passed, result.Message);
        Assert.Null(result.Failure);
        Assert.Equal("secret_manager", result.KeySource);
        Assert.Equal("Alder & Ash", result.AccountName);
        Assert.Equal("Europe/Berlin", result.TimeZone);
        Assert.Equal("EUR", result.Currency);
        Assert.NotNull(result.PlacedOrderMetric);
        Assert.Single(result.PlacedOrderMetrics!);
        Assert.False(result.NeedsMetricChoice);
        Assert.True(result.Campaigns > 0);
        Assert.True(result.Flows > 0);
        Assert.Equal("unknown", result.ReportingBudgetLeftToday);
        Assert.DoesNotContain(SandboxServer.KeyFor("alder-and-ash"), result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeveralPlacedOrderMetrics_AreListedForAChoice_AndAChosenOneIsUsed()
    {
        _standIn.SetSecret("klaviyo-rogue", SandboxServer.KeyFor("rogue-creamery"));

        var detected = await Tester.TestAsync(new NewClient("rogue", "Rogue", "klaviyo-rogue"), Ct);
        Assert.True(detected.Passed, detected.Message);
        Assert.Equal(2, detected.PlacedOrderMetrics!.Count);
        Assert.True(detected.NeedsMetricChoice);
        Assert.Contains("2 Placed Order metrics", detected.Message, StringComparison.Ordinal);

        var other = detected.PlacedOrderMetrics.Single(m => m.Id != detected.PlacedOrderMetric!.Id);
        var chosen = await Tester.TestAsync(new NewClient("rogue", "Rogue", "klaviyo-rogue", other.Id), Ct);
        Assert.True(chosen.Passed, chosen.Message);
        Assert.Equal(other.Id, chosen.PlacedOrderMetric!.Id);

        var missing = await Tester.TestAsync(new NewClient("rogue", "Rogue", "klaviyo-rogue", "NoSuchMetric1"), Ct);
        Assert.False(missing.Passed);
        Assert.Equal(ConnectionFailure.NoPlacedOrderMetric, missing.Failure);
        Assert.Contains("NoSuchMetric1", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoSuchSecret_SaysSoAndNamesTheSecret()
    {
        var result = await Tester.TestAsync(new NewClient("ghost", "Ghost", "klaviyo-ghost"), Ct);

        Assert.False(result.Passed);
        Assert.Equal(ConnectionFailure.NoSuchSecret, result.Failure);
        Assert.Contains("klaviyo-ghost", result.Message, StringComparison.Ordinal);
        Assert.Contains("not found", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PermissionDeniedOnTheSecret_SaysSo()
    {
        _standIn.Script("klaviyo-locked", SecretManagerStandIn.Reply.PermissionDenied, SecretManagerStandIn.Reply.PermissionDenied);

        var result = await Tester.TestAsync(new NewClient("locked", "Locked", "klaviyo-locked"), Ct);

        Assert.False(result.Passed);
        Assert.Equal(ConnectionFailure.SecretPermissionDenied, result.Failure);
        Assert.Contains("Permission denied", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyRefusedByKlaviyo_SaysSoWithoutTheKey()
    {
        _standIn.SetSecret("klaviyo-wrong", "pk_wrong_0001");

        var result = await Tester.TestAsync(new NewClient("wrong", "Wrong", "klaviyo-wrong"), Ct);

        Assert.False(result.Passed);
        Assert.Equal(ConnectionFailure.KeyRefused, result.Failure);
        Assert.Null(result.AccountName);
        Assert.DoesNotContain("pk_wrong_0001", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyLackingAScope_NamesTheScope_AndKeepsWhatItRead()
    {
        _standIn.SetSecret("klaviyo-restricted", RestrictedKey);

        var result = await Tester.TestAsync(new NewClient("restricted", "Restricted", "klaviyo-restricted"), Ct);

        Assert.False(result.Passed);
        Assert.Equal(ConnectionFailure.MissingScope, result.Failure);
        Assert.Equal("campaigns:read", result.MissingScope);
        Assert.Contains("campaigns:read", result.Message, StringComparison.Ordinal);
        Assert.Equal("Northloop Outfitters", result.AccountName);
        Assert.Null(result.Campaigns);
    }
}
