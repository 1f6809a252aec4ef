using Backfill.Services.Backfill.Data;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Backfill.Validation;
using Backfill.Services.Clients;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;

namespace Backfill.Tests.Backfilling.Data;

/// <summary>The rollup read without breakdowns (the viewer's first read) keeps every other field.</summary>
public sealed class DailyRollupFieldsTests : IAsyncDisposable
{
    private static readonly ClientId Shop = ClientId.Parse("fields-shop");
    private static readonly DateOnly Day = new(2026, 3, 10);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "backfill-rollup-fields-" + Guid.NewGuid().ToString("N"));
    private readonly EmbeddedDocumentStore _store;

    public DailyRollupFieldsTests()
    {
        Directory.CreateDirectory(_directory);
        _store = new EmbeddedDocumentStore(Path.Combine(_directory, "store.db"));
    }

    [Fact]
    public void Totals_ListEveryRollupFieldButTheBreakdown()
    {
        var written = Rollup().ToFields(DateTimeOffset.UnixEpoch).Keys
            .Concat(DailyRollup.ValidationFieldsOf(Check()).Keys)
            .Where(k => k != DailyRollupFields.Breakdown)
            .Order(StringComparer.Ordinal);

        Assert.Equal(written, DailyRollupFields.Totals.Select(f => f.Segments[0]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GetDailyTotalsAsync_StoredRollup_SameFiguresWithoutBreakdown()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var fields = new Dictionary<string, object?>(Rollup().ToFields(DateTimeOffset.UnixEpoch));
        foreach (var (key, value) in DailyRollup.ValidationFieldsOf(Check()))
        {
            fields[key] = value;
        }

        await _store.CommitAsync([Write.Set(DataLayout.DailyRollup(Shop, Day), fields)], cancellationToken);
        var queries = new BackfillDataQueries(_store, new ClientRegistry(_store, TimeProvider.System));

        var full = Assert.Single(await queries.GetDailyRollupsAsync(Shop, cancellationToken));
        var totals = Assert.Single(await queries.GetDailyTotalsAsync(Shop, cancellationToken));

        Assert.NotNull(full.Breakdown);
        Assert.Null(totals.Breakdown);
        Assert.Equal((full.Date, full.Orders, full.MainCurrency, full.Partial, full.SkippedEvents, full.ActiveCampaigns, full.ActiveFlows, full.NetRevenue),
            (totals.Date, totals.Orders, totals.MainCurrency, totals.Partial, totals.SkippedEvents, totals.ActiveCampaigns, totals.ActiveFlows, totals.NetRevenue));
        Assert.Equal(full.RevenueByCurrency, totals.RevenueByCurrency);
        Assert.Equal(full.OrdersByCurrency, totals.OrdersByCurrency);
        Assert.Equal(full.RefundedByCurrency, totals.RefundedByCurrency);
        Assert.Equal(full.Validation!.KlaviyoOrders, totals.Validation!.KlaviyoOrders);
        Assert.Equal(full.Validation.Match, totals.Validation.Match);
        Assert.Equal(full.Reconciliation.KlaviyoOrders, totals.Reconciliation.KlaviyoOrders);
    }

    private static DailyRollup Rollup() => new(
        Day, 3, new Dictionary<string, decimal> { ["USD"] = 120.5m, ["EUR"] = 10m }, new Dictionary<string, long> { ["USD"] = 2, ["EUR"] = 1 }, 1, 2, 1, "USD")
    {
        Partial = true,
        RefundedByCurrency = new Dictionary<string, decimal> { ["USD"] = 20m },
        Breakdown = new DayBreakdown("USD", new Dictionary<string, BreakdownDimension>
        {
            ["product"] = new([new BreakdownEntry("p1", "Mug", 120.5m, 2)], 0, 0),
        }),
    };

    private static DayCheck Check() => new(Day, 3, new Dictionary<string, decimal> { ["USD"] = 120.5m }, 4, new Dictionary<string, decimal> { ["USD"] = 150m }, DateTimeOffset.UnixEpoch);

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
