using Backfill.Services.Backfill.Engine;

namespace Backfill.Tests.Backfilling.Engine;

/// <summary>The feed reads ahead a bounded number of windows and lets go of every window the reader has passed.</summary>
public sealed class DailyFeedTests
{
    private static readonly DateOnly First = new(2016, 1, 1);

    [Fact]
    public async Task GetAsync_TenYearsOfWindows_FetchesOnlyAheadOfTheReaderAndReleasesPassedWindows()
    {
        var windows = DayRange.Windows(First, First.AddDays(3649), 60);
        var fetched = 0;
        var mostHeld = 0;
        await using var feed = new DailyFeed<int>(
            windows,
            (from, to, _) =>
            {
                Interlocked.Increment(ref fetched);
                var days = new Dictionary<DateOnly, int>();
                for (var day = from; day <= to; day = day.AddDays(1))
                {
                    days[day] = day.DayNumber;
                }

                return Task.FromResult<IReadOnlyDictionary<DateOnly, int>>(days);
            },
            TestContext.Current.CancellationToken);

        Assert.Equal(First.DayNumber, await feed.GetAsync(First, TestContext.Current.CancellationToken));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.InRange(fetched, 1, DailyFeed<int>.ReadAhead + 1);
        for (var day = First; day <= First.AddDays(3649); day = day.AddDays(1))
        {
            Assert.Equal(day.DayNumber, await feed.GetAsync(day, TestContext.Current.CancellationToken));
            mostHeld = Math.Max(mostHeld, feed.HeldWindows);
        }

        Assert.Equal(windows.Count, fetched);
        Assert.InRange(mostHeld, 1, DailyFeed<int>.ReadAhead + 1);
        Assert.True(windows.Count > 3 * (DailyFeed<int>.ReadAhead + 1));
    }

    [Fact]
    public async Task GetAsync_WithoutReadAhead_FetchesEachWindowOnlyWhenTheReaderReachesIt_AndHoldsOne()
    {
        var windows = DayRange.Windows(First, First.AddDays(364 * 4), 365);
        var fetchedWindows = new List<DateOnly>();
        var mostHeld = 0;
        await using var feed = new DailyFeed<int>(windows, (from, to, _) => Task.FromResult<IReadOnlyDictionary<DateOnly, int>>(Days(fetchedWindows, from, to)), TestContext.Current.CancellationToken, readAhead: 0);

        Assert.Equal(First.DayNumber, await feed.GetAsync(First, TestContext.Current.CancellationToken));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Equal([First], Fetched(fetchedWindows));
        for (var day = First; day <= First.AddDays(364 * 4); day = day.AddDays(1))
        {
            Assert.Equal(day.DayNumber, await feed.GetAsync(day, TestContext.Current.CancellationToken));
            mostHeld = Math.Max(mostHeld, feed.HeldWindows);

            // The next window is not asked for before the reader is in it.
            Assert.Equal(windows.Count(w => w.First <= day), Fetched(fetchedWindows).Count);
        }

        Assert.Equal(1, mostHeld);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task GetAsync_ReaderSkipsWindows_AnswersTheDayItAsksFor_AndSkippedWindowsAreNotFetchedWithoutReadAhead(int readAhead)
    {
        var windows = DayRange.Windows(First, First.AddDays(599), 60);
        var fetchedWindows = new List<DateOnly>();
        await using var feed = new DailyFeed<int>(windows, (from, to, _) => Task.FromResult<IReadOnlyDictionary<DateOnly, int>>(Days(fetchedWindows, from, to)), TestContext.Current.CancellationToken, readAhead);

        Assert.Equal(First.DayNumber, await feed.GetAsync(First, TestContext.Current.CancellationToken));
        var later = First.AddDays(300);
        Assert.Equal(later.DayNumber, await feed.GetAsync(later, TestContext.Current.CancellationToken));
        var last = First.AddDays(599);
        Assert.Equal(last.DayNumber, await feed.GetAsync(last, TestContext.Current.CancellationToken));

        if (readAhead == 0)
        {
            Assert.Equal([First, later, windows[^1].First], Fetched(fetchedWindows));
        }
    }

    private static Dictionary<DateOnly, int> Days(List<DateOnly> fetchedWindows, DateOnly from, DateOnly to)
    {
        lock (fetchedWindows)
        {
            fetchedWindows.Add(from);
        }

        var days = new Dictionary<DateOnly, int>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            days[day] = day.DayNumber;
        }

        return days;
    }

    private static List<DateOnly> Fetched(List<DateOnly> fetchedWindows)
    {
        lock (fetchedWindows)
        {
            return [.. fetchedWindows];
        }
    }
}
