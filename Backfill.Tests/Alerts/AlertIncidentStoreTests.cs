using Backfill.Services.Alerts;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Alerts;

/// <summary>Incidents in the store: their path in the data layout and a lossless round trip.</summary>
public sealed class AlertIncidentStoreTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("backfill-alert-store-").FullName;
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

    [Fact]
    public void Path_IsClientDotKind_UnderAlerts_AndRefusesAnythingElseAsAKind()
    {
        Assert.Equal("alerts/acme_shop.run_failed", DataLayout.Alert(ClientId.Parse("acme_shop"), "run_failed").Value);
        Assert.Throws<InvalidPathException>(() => DataLayout.Alert(ClientId.Parse("acme"), "../x"));
        Assert.Throws<InvalidPathException>(() => DataLayout.Alert(ClientId.Parse("acme"), ""));
        Assert.Equal(Enum.GetValues<AlertKind>().Length, Enum.GetValues<AlertKind>().Select(k => DataLayout.Alert(ClientId.Parse("a"), k.ToWire()).Value).Distinct().Count());
    }

    [Fact]
    public async Task SaveAndList_RoundTripsEveryField_OpenFirst_SkippingDocumentsItCannotRead()
    {
        var incidents = new AlertIncidentStore(_store);
        var open = AlertTestServices.Incident("acme", AlertKind.ReportingBudgetExhausted) with { Until = AlertTestServices.Noon.AddHours(3), Notifications = 2 };
        var resolved = AlertTestServices.Incident("acme") with
        {
            IsOpen = false,
            OpenedAt = AlertTestServices.Noon.AddDays(1),
            ResolvedAt = AlertTestServices.Noon.AddDays(2),
            Resolution = "a later run completed",
        };
        await _store.CommitAsync([Write.Set(DataLayout.Alerts.Document("acme.someday_kind"), new Dictionary<string, object?> { ["client_id"] = "acme", ["kind"] = "someday_kind" })], Ct);

        await incidents.SaveAsync([resolved, open], Ct);
        var listed = await incidents.ListAsync(Ct);

        Assert.Equal([open, resolved], listed);
    }
}
