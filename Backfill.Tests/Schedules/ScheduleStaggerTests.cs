using Backfill.Services.Schedules;
using Backfill.Services.Storage;

namespace Backfill.Tests.Schedules;

/// <summary>Staggering: stable per client across processes, and spread over the whole window.</summary>
public sealed class ScheduleStaggerTests
{
    [Fact]
    public void Offset_IsAFixedFunctionOfTheId_NotOfTheProcess()
    {
        // Fixed values: string.GetHashCode would give other numbers in every process (and in this one, run to run).
        Assert.Equal(ScheduleStagger.Offset(ClientId.Parse("rogue-creamery"), 30), ScheduleStagger.Offset(ClientId.Parse("rogue-creamery"), 30));
        Assert.Equal(TimeSpan.FromSeconds(ExpectedRogueCreamerySeconds()), ScheduleStagger.Offset(ClientId.Parse("rogue-creamery"), 30));
        Assert.Equal(TimeSpan.Zero, ScheduleStagger.Offset(ClientId.Parse("rogue-creamery"), 0));
    }

    [Fact]
    public void Offset_500Clients_SpreadOverTheWholeWindow()
    {
        var offsets = Enumerable.Range(1, 500).Select(i => ScheduleStagger.Offset(ClientId.Parse($"client-{i:000}"), 30)).ToList();

        Assert.All(offsets, o => Assert.InRange(o, TimeSpan.Zero, TimeSpan.FromSeconds(30 * 60 - 1)));
        var perMinute = offsets.GroupBy(o => (int)o.TotalMinutes).ToDictionary(g => g.Key, g => g.Count());
        // 500 over 30 one-minute buckets is ~16.7 each: every minute is used and none holds more than twice its share.
        Assert.Equal(30, perMinute.Count);
        Assert.All(perMinute.Values, n => Assert.InRange(n, 4, 34));
        // No second starts more than a handful of clients (500 at once is what staggering is for).
        Assert.True(offsets.GroupBy(o => o).Max(g => g.Count()) <= 4);
        // Five-minute windows each carry between half and twice their share of 83.
        var perFiveMinutes = offsets.GroupBy(o => (int)o.TotalMinutes / 5).Select(g => g.Count()).ToList();
        Assert.Equal(6, perFiveMinutes.Count);
        Assert.All(perFiveMinutes, n => Assert.InRange(n, 42, 166));
    }

    // SHA-256("rogue-creamery"), first 8 bytes big-endian, mod 1800: computed independently of the code under test.
    private static long ExpectedRogueCreamerySeconds()
    {
        var hash = System.Security.Cryptography.SHA256.HashData("rogue-creamery"u8);
        ulong value = 0;
        for (var i = 0; i < 8; i++)
        {
            value = (value << 8) | hash[i];
        }

        return (long)(value % 1800);
    }
}
