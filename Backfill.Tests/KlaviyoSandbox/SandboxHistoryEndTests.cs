using System.Text.Json;
using Backfill.KlaviyoSandbox;
using Backfill.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.KlaviyoSandbox;

/// <summary>The rolling history ends at each account's own yesterday, not at yesterday in UTC.</summary>
public sealed class SandboxHistoryEndTests
{
    // 23:30 UTC on 6 December: already 00:30 on the 7th in Berlin, still 15:30 on the 6th in Los Angeles.
    private static readonly DateTimeOffset LateInTheUtcDay = new(2026, 12, 6, 23, 30, 0, TimeSpan.Zero);

    [Fact]
    public void HistoryEnd_At2330Utc_IsYesterdayInEachAccountsTimeZone()
    {
        var world = new SandboxWorld(Options.Create(new SandboxOptions()), new FakeTimeProvider(LateInTheUtcDay));

        Assert.Equal(new DateOnly(2026, 12, 6), world.HistoryEnd(world.Accounts.FindBySlug("alder-and-ash")!));
        Assert.Equal(new DateOnly(2026, 12, 5), world.HistoryEnd(world.Accounts.FindBySlug("rogue-creamery")!));
        Assert.Equal(new DateOnly(2026, 12, 5), world.HistoryEnd(world.Accounts.FindBySlug("northloop-outfitters")!));
    }

    [Fact]
    public void HistoryEnd_Configured_WinsForEveryAccount()
    {
        var world = new SandboxWorld(
            Options.Create(new SandboxOptions { HistoryEndDate = new DateOnly(2026, 11, 30) }), new FakeTimeProvider(LateInTheUtcDay));

        Assert.All(world.Accounts.All, account => Assert.Equal(new DateOnly(2026, 11, 30), world.HistoryEnd(account)));
    }

    [Fact]
    public async Task GetEvents_At2330Utc_BerlinsYesterdayHasOrders_AndLosAngelesEndsAtItsOwnYesterday()
    {
        await using var server = await SandboxServer.StartAsync(
            o => { o.HistoryEndDate = null; o.HistoryDays = 3; o.RateLimitsEnabled = false; },
            new FakeTimeProvider(LateInTheUtcDay),
            cancellationToken: TestContext.Current.CancellationToken);

        // Berlin's 6 December runs from 5 December 23:00 UTC to 6 December 23:00 UTC.
        var berlin = await server.AllEventsAsync(
            "api/events?filter=greater-or-equal(datetime,2026-12-05T23:00:00Z),less-than(datetime,2026-12-06T23:00:00Z)&page[size]=1000", SandboxTestExtensions.Alder);
        // Los Angeles' 5 December ends at 6 December 08:00 UTC; its 6 December has not ended yet.
        var rogue = await server.AllEventsAsync("api/events?page[size]=1000", SandboxTestExtensions.Rogue);

        Assert.NotEmpty(berlin);
        Assert.NotEmpty(rogue);
        Assert.True(rogue.Max(Timestamp) < new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero), Timestamp(rogue[^1]).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static DateTimeOffset Timestamp(JsonElement e) => DateTimeOffset.FromUnixTimeSeconds(e.GetProperty("attributes").GetProperty("timestamp").GetInt64());
}
