using Backfill.KlaviyoSandbox;
using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;
using Backfill.Tests.Backfilling;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Chaos;

/// <summary>
/// A poison document in a real process: a run (a re-sync of three days, the app as its own process) covering the
/// sandbox's wholesale day (<see cref="SandboxWholesaleDay"/>, 400 days back) — an order over Firestore's 1 MiB and an
/// order whose id the layout refuses — ends <c>completed</c>. The big order is stored in both order paths without
/// its raw JSON (<c>raw_properties_truncated</c>), the refused one is recorded as skipped and counted (nothing is
/// skipped silently), and every other order of the three days equals the sandbox, once.
/// </summary>
public sealed class OversizedOrderChaosTests : IDisposable
{
    private const string Account = "rogue-creamery";

    private readonly string _directory = TestDirectory.NewPath("backfill-chaos-");
    private readonly FirestoreEmulator _emulator;

    public OversizedOrderChaosTests(FirestoreEmulator emulator)
    {
        _emulator = emulator;
        Directory.CreateDirectory(_directory);
    }

    [Theory]
    [InlineData(ChaosStoreKind.Embedded)]
    [InlineData(ChaosStoreKind.Firestore)]
    public async Task RunCoveringTheWholesaleDay_Completes_BigOrderTrimmed_RefusedOrderSkippedAndCounted(ChaosStoreKind kind)
    {
        var ct = TestContext.Current.CancellationToken;
        var chaosStore = ChaosStore.Create(kind, _directory, _emulator);
        var wholesaleDay = SandboxWholesaleDay.For(AppProcess.HistoryEnd);
        DateOnly[] days = [wholesaleDay.AddDays(-1), wholesaleDay, wholesaleDay.AddDays(1)];
        await using (var app = await AppProcess.StartAsync(chaosStore))
        {
            var dates = string.Join(",", days.Select(d => $"\"{DataLayout.FormatDate(d)}\""));
            await app.PostAsync($"api/backfill/resync/{Account}", $"{{\"dates\":[{dates}]}}");
            var done = await app.WaitForAsync(Account, ChaosTests.IsFinal);
            Assert.True(ChaosTests.Status(done) == "completed", done.ToString());
            Assert.Equal(1, done.GetProperty("skipped_events").GetInt64());
            await app.KillAsync();
        }

        var status = await ChaosCopy.ReadStoredStatusAsync(chaosStore, Account);
        Assert.Equal(BackfillState.Completed, status.State);
        Assert.Equal(1, status.SkippedEvents);
        await using var oracleSandbox = await SandboxServer.StartAsync(o =>
        {
            o.HistoryEndDate = AppProcess.HistoryEnd;
            o.RateLimitsEnabled = false;
        }, cancellationToken: ct);
        var expected = await new SandboxOracle(oracleSandbox, Account).DailyOrdersAsync(status.TimeZone!, days[0], days[^1]);
        var id = ClientId.Parse(Account);
        var store = chaosStore.Open();
        try
        {
            var refused = Assert.Single(await store.QueryAsync(Query.Collection(DataLayout.SkippedEvents(id)), ct).ToListAsync(ct));
            Assert.Matches("^__.+__$", refused.Get<string>(FieldPath.Of("klaviyo_event_id")));
            Assert.Equal(DataLayout.FormatDate(wholesaleDay), refused.Get<string>(FieldPath.Of("date")));
            var refusedValue = (decimal)refused.Get<double>(FieldPath.Of("value"));

            var allOrders = await store.QueryAsync(Query.Collection(DataLayout.Orders(id)), ct).ToListAsync(ct);
            foreach (var day in days)
            {
                var (count, revenue) = expected[day];
                if (day == wholesaleDay)
                {
                    (count, revenue) = (count - 1, revenue - refusedValue);
                }

                // Both order paths: the day's copies and the orders collection, each order once.
                var dayOrders = await store.QueryAsync(Query.Collection(DataLayout.DailyOrders(id, day)), ct).ToListAsync(ct);
                var mainOrders = allOrders.Where(o => o.Get<string>(FieldPath.Of("date")) == DataLayout.FormatDate(day)).ToList();
                Assert.Equal(count, dayOrders.Count);
                Assert.Equal(count, mainOrders.Count);
                Assert.Equal(dayOrders.Select(o => o.Id).Order(StringComparer.Ordinal), mainOrders.Select(o => o.Id).Order(StringComparer.Ordinal));
                Assert.Equal((double)revenue, dayOrders.Sum(o => o.Get<double>(FieldPath.Of("value"))), 4);
                var rollup = DailyRollup.FromDocument((await store.GetAsync(DataLayout.DailyRollup(id, day), ct))!);
                Assert.Equal(count, rollup.Orders);
                Assert.Equal(revenue, rollup.RevenueByCurrency.Values.Sum());
            }

            var trimmed = Assert.Single(allOrders, o => o.TryGet(FieldPath.Of("raw_properties_truncated"), out var flag) && flag is true);
            Assert.Null(trimmed[FieldPath.Of("raw_properties")]);
            Assert.Equal(SandboxWholesaleDay.WholesaleLineItems, Assert.IsAssignableFrom<IReadOnlyList<object?>>(trimmed[FieldPath.Of("line_items")]).Count);
            var dayCopy = await store.GetAsync(DataLayout.DailyOrder(id, wholesaleDay, trimmed.Id), ct);
            Assert.NotNull(dayCopy);
            Assert.True(dayCopy.Get<bool>(FieldPath.Of("raw_properties_truncated")));
        }
        finally
        {
            await ChaosStore.CloseAsync(store);
        }
    }

    public void Dispose()
    {
        TestDirectory.Delete(_directory);
    }
}
