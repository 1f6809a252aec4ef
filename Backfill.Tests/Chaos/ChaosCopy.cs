using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;
using Backfill.Tests.Backfilling;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Chaos;

/// <summary>What every chaos scenario checks at its end, read from the store in the test process.</summary>
internal static class ChaosCopy
{
    public static async Task<BackfillStatus> ReadStoredStatusAsync(ChaosStore chaosStore, string account)
    {
        var store = chaosStore.Open();
        try
        {
            var id = ClientId.Parse(account);
            var document = await store.GetAsync(DataLayout.BackfillStatus(id), TestContext.Current.CancellationToken);
            Assert.NotNull(document);
            return BackfillStatusDocument.FromDocument(id, account, document);
        }
        finally
        {
            await ChaosStore.CloseAsync(store);
        }
    }

    /// <summary>
    /// The stored status is <c>completed</c>, and every covered day equals an identical sandbox (seed and history end
    /// shared with the app's) in both order paths — the day's copies and the orders collection — with no duplicate.
    /// </summary>
    public static async Task AssertCopyIsExactAsync(ChaosStore chaosStore, string account)
    {
        var done = await ReadStoredStatusAsync(chaosStore, account);
        Assert.True(done.State == BackfillState.Completed, $"{done.State}: {done.Error}");
        await using var oracle = await SandboxServer.StartAsync(o =>
        {
            o.HistoryEndDate = AppProcess.HistoryEnd;
            o.RateLimitsEnabled = false;
        }, cancellationToken: TestContext.Current.CancellationToken);
        var store = chaosStore.Open();
        try
        {
            await BackfillCorrectnessContract.AssertMatchesSandboxAsync(store, oracle, done, queryEveryDay: true, account);
        }
        finally
        {
            await ChaosStore.CloseAsync(store);
        }
    }
}
