using Backfill.Services.Backfill;
using Backfill.Services.Clients;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Backfilling;

/// <summary>A client's own refresh lookback: it replaces the configured one, and a request's lookback still wins.</summary>
public sealed class ClientRefreshLookbackTests : IDisposable
{
    private readonly string _scratch = TestDirectory.NewPath("backfill-lookback-");

    public void Dispose()
    {
        TestDirectory.Delete(_scratch);
    }

    [Fact]
    public async Task Refresh_OfAClientWithItsOwnLookback_ReadsThatManyDays_UnlessTheRequestSaysOtherwise()
    {
        const string Account = "alder-and-ash";
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = await BackfillTestHost.StartSandboxAsync();
        Directory.CreateDirectory(_scratch);
        await using var store = new EmbeddedDocumentStore(Path.Combine(_scratch, "lookback.db"));
        await using var host = await BackfillTestHost.StartAsync(store, sandbox.BaseAddress);
        var added = await host.Coordinator.AddClientAsync(new NewClient(Account, "Alder & Ash", SandboxAccount: true) { RefreshLookbackDays = 3 }, ct);
        Assert.True(added.Accepted, added.Message);
        var id = ClientId.Parse(Account);
        Assert.Equal(3, (await host.Services.GetRequiredService<ClientRegistry>().GetAsync(id, ct))!.RefreshLookbackDays);

        // Never backfilled: a refresh copies its lookback days, here the client's three, not the configured seven.
        var own = await host.Coordinator.RefreshAsync(id, new RefreshRequest(), ct);
        var first = await host.WaitForAsync(Account, s => s.State is BackfillState.Completed or BackfillState.Failed && s.RunId == own.Status!.RunId);
        Assert.True(first.State == BackfillState.Completed, first.Error);
        Assert.Equal(3, first.Parameters.LookbackDays);
        Assert.Equal(3, first.Coverage.Orders.Days);

        var asked = await host.Coordinator.RefreshAsync(id, new RefreshRequest(LookbackDays: 1), ct);
        var second = await host.WaitForAsync(Account, s => s.State is BackfillState.Completed or BackfillState.Failed && s.RunId == asked.Status!.RunId);
        Assert.Equal(1, second.Parameters.LookbackDays);
        Assert.Equal(1, second.TotalDays);
    }
}
