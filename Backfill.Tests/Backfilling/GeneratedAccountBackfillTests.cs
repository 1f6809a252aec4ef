using Backfill.KlaviyoSandbox;
using Backfill.Services.Backfill;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Backfilling;

/// <summary>A generated sandbox account is a client like the fixed ones: registered by its slug, copied exactly.</summary>
public sealed class GeneratedAccountBackfillTests : IDisposable
{
    private readonly string _directory = TestDirectory.NewPath("backfill-generated-");

    public void Dispose()
    {
        TestDirectory.Delete(_directory);
    }

    [Fact]
    public async Task SmallGeneratedAccount_Backfilled_EqualsTheSandboxDayByDay()
    {
        var fleet = new SandboxGeneratedAccountsOptions { Count = 12, Seed = 16 };
        // East of UTC when the seed has one, so days that start the evening before in UTC are checked too.
        var small = SandboxGeneratedAccounts.Describe(fleet).Where(a => a.Size == SandboxGeneratedAccountSize.Small)
            .OrderByDescending(a => TimeZoneInfo.FindSystemTimeZoneById(a.TimeZoneId).BaseUtcOffset).First();
        await using var sandbox = await BackfillTestHost.StartSandboxAsync(o =>
        {
            o.GeneratedAccounts.Count = fleet.Count;
            o.GeneratedAccounts.Seed = fleet.Seed;
        });
        Directory.CreateDirectory(_directory);
        await using var store = new EmbeddedDocumentStore(Path.Combine(_directory, "store.db"));
        await using var host = await BackfillTestHost.StartAsync(store, sandbox.BaseAddress);
        await host.AddSandboxClientAsync(small.Slug);

        var started = await host.Coordinator.StartAsync(ClientId.Parse(small.Slug), new BackfillRequest(Days: 120), TestContext.Current.CancellationToken);
        Assert.True(started.Accepted, started.Message);
        var done = await host.WaitUntilFinishedAsync(small.Slug);

        Assert.True(done.State == BackfillState.Completed, $"{done.State}: {done.Error}");
        Assert.Equal(small.TimeZoneId, done.TimeZone);
        Assert.Equal(120, done.TotalDays);
        Assert.True(done.Orders > 0);
        await BackfillCorrectnessContract.AssertMatchesSandboxAsync(store, sandbox, done, queryEveryDay: true, small.Slug);
    }
}
