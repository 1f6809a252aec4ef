using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Data;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;
using Backfill.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Backfilling.Breakdowns;

/// <summary>
/// Two weeks of a custom-integration account (priced line items) and of a Shopify account (product names only) copied
/// from the sandbox into a store: every day's breakdown, read back from the store, adds up to that day's revenue in
/// every dimension. Runs unchanged against the emulator and the embedded store.
/// </summary>
public abstract class DayBreakdownContract : IDisposable
{
    protected string ScratchDirectory { get; } = TestDirectory.NewPath("backfill-breakdown-");

    protected abstract Task<IDocumentStore> CreateStoreAsync();

    public void Dispose()
    {
        TestDirectory.Delete(ScratchDirectory);

        GC.SuppressFinalize(this);
    }

    // northloop writes 300 orders a day: fewer days keep the emulator run within minutes on a loaded machine.
    [Theory]
    [InlineData("rogue-creamery", 14)]
    [InlineData("northloop-outfitters", 5)]
    public async Task EveryDaysBreakdown_AddsUpToThatDaysRevenue_InEveryDimension(string account, int days)
    {
        await using var sandbox = await BackfillTestHost.StartSandboxAsync();
        var store = await CreateStoreAsync();
        await using var _ = store as IAsyncDisposable;
        await using var host = await BackfillTestHost.StartAsync(store, sandbox.BaseAddress);
        await host.AddSandboxClientAsync(account);
        var id = ClientId.Parse(account);

        var started = await host.Coordinator.StartAsync(id, new BackfillRequest(Days: days), TestContext.Current.CancellationToken);
        Assert.True(started.Accepted, started.Message);
        var done = await host.WaitUntilFinishedAsync(account, TimeSpan.FromMinutes(10));
        Assert.Equal(BackfillState.Completed, done.State);
        var rollups = await host.Services.GetRequiredService<BackfillDataQueries>().GetDailyRollupsAsync(id, TestContext.Current.CancellationToken);

        Assert.Equal(days, rollups.Count);
        Assert.Contains(rollups, r => r.Orders > 0);
        foreach (var rollup in rollups)
        {
            var breakdown = Assert.IsType<DayBreakdown>(rollup.Breakdown);
            Assert.Equal(rollup.MainCurrency, breakdown.Currency);
            var revenue = rollup.Revenue(rollup.MainCurrency);
            var orders = rollup.OrdersByCurrency.GetValueOrDefault(rollup.MainCurrency);
            foreach (var dimension in DayBreakdown.AllDimensions)
            {
                var cut = breakdown[dimension];
                Assert.True(revenue == cut.Revenue, $"{account} {rollup.Date} {dimension}: revenue {revenue}, breakdown {cut.Revenue}");
                Assert.True(cut.Top.Count <= DayBreakdown.TopPerDay, $"{dimension} keeps {cut.Top.Count}");
                Assert.Equal(cut.Top.OrderByDescending(e => e.Revenue).Select(e => e.Key), cut.Top.Select(e => e.Key));
            }

            // Attribution, channel and UTM put each order in exactly one bucket, so their order counts add up too.
            foreach (var dimension in new[] { DayBreakdown.Attribution, DayBreakdown.Channel, DayBreakdown.Utm })
            {
                var cut = breakdown[dimension];
                Assert.Equal(orders, cut.Top.Sum(e => e.Orders) + cut.OtherOrders);
            }
        }

        var busiest = rollups.MaxBy(r => r.Orders)!.Breakdown!;
        Assert.Contains(busiest[DayBreakdown.Product].Top, e => e.Key != "(none)");
        Assert.Contains(busiest[DayBreakdown.Channel].Top, e => e.Key is "campaign" or "flow");
    }
}
