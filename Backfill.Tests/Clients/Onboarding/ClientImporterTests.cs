using Backfill.Services.Clients;
using Backfill.Services.Clients.Onboarding;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Backfilling;
using Backfill.Tests.Infrastructure;
using Backfill.Tests.Secrets;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Clients.Onboarding;

/// <summary>CSV import against the sandbox and the Secret Manager stand-in: a dry run judges every row and changes nothing; an import adds the valid ones.</summary>
public sealed class ClientImporterTests : IAsyncLifetime
{
    private const string Csv = """
        id,name,klaviyo_secret_name,placed_order_metric_id
        good-a,Good A,klaviyo-good-a,
        good-b,Good B,klaviyo-good-b,
        good-a,Good A again,klaviyo-good-a,
        bad id,Bad,klaviyo-bad,
        evil,"=HYPERLINK(""http://x"")",klaviyo-evil,
        nokey,No key,klaviyo-nokey,
        """;

    private readonly string _directory = TestDirectory.NewPath("backfill-import-");
    private EmbeddedDocumentStore _store = null!;
    private SecretManagerStandIn _standIn = null!;
    private SandboxServer _sandbox = null!;
    private BackfillTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ClientImporter Importer => _host.Services.GetRequiredService<ClientImporter>();

    public async ValueTask InitializeAsync()
    {
        _store = new EmbeddedDocumentStore(Path.Combine(_directory, "store.db"));
        _standIn = await SecretManagerStandIn.StartAsync();
        _standIn.SetSecret("klaviyo-good-a", SandboxServer.KeyFor("alder-and-ash"));
        _standIn.SetSecret("klaviyo-good-b", SandboxServer.KeyFor("northloop-outfitters"));
        _sandbox = await BackfillTestHost.StartSandboxAsync();
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
    public async Task DryRun_JudgesEveryRow_AndChangesNothing()
    {
        var result = await Importer.ImportAsync(Csv, dryRun: true, Ct);

        Assert.True(result.DryRun);
        Assert.Equal(
            [ClientImportOutcome.Valid, ClientImportOutcome.Valid, ClientImportOutcome.Duplicate, ClientImportOutcome.Invalid, ClientImportOutcome.Invalid, ClientImportOutcome.ConnectionFailed],
            result.Rows.Select(r => r.Outcome));
        Assert.Equal("Alder & Ash", result.Rows[0].Connection!.AccountName);
        Assert.Contains("row 1", result.Rows[2].Reasons.Single(), StringComparison.Ordinal);
        Assert.Contains("formula", result.Rows[4].Reasons.Single(), StringComparison.Ordinal);
        Assert.Null(result.Rows[4].Client.Name);
        Assert.Contains("not found", result.Rows[5].Reasons.Single(), StringComparison.Ordinal);
        Assert.Empty(_host.Coordinator.Board.Statuses);
        Assert.Empty(await _host.Services.GetRequiredService<ClientRegistry>().ListAsync(Ct));
    }

    [Fact]
    public async Task Import_AddsOnlyTheValidRows_AndAnImportAgainFindsThemDuplicates()
    {
        var result = await Importer.ImportAsync(Csv, dryRun: false, Ct);

        Assert.Equal(2, result.Count(ClientImportOutcome.Imported));
        Assert.Equal(["good-a", "good-b"], (await _host.Services.GetRequiredService<ClientRegistry>().ListAsync(Ct)).Select(c => c.Id.Value).Order());
        Assert.Equal("klaviyo-good-b", (await _host.Services.GetRequiredService<ClientRegistry>().ListAsync(Ct)).Single(c => c.Id.Value == "good-b").KlaviyoSecretName);

        var again = await Importer.ImportAsync(Csv, dryRun: true, Ct);
        Assert.Equal(ClientImportOutcome.Duplicate, again.Rows[0].Outcome);
        Assert.Contains("already registered", again.Rows[0].Reasons.Single(), StringComparison.Ordinal);
    }
}
