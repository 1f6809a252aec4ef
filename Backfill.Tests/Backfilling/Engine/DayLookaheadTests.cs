using Backfill.Services.Backfill.Engine;

namespace Backfill.Tests.Backfilling.Engine;

/// <summary>
/// Days are read one after the other, prepared while the next is read, handed over in day order, and held ahead only
/// up to the bounds; a failure to prepare a day reaches the reader as it was thrown.
/// </summary>
public sealed class DayLookaheadTests
{
    private static readonly DateOnly First = new(2026, 1, 1);

    [Fact]
    public async Task ReadAsync_HandsOverEveryDayInOrder_PreparingADayWhileTheNextIsRead()
    {
        var ct = TestContext.Current.CancellationToken;
        var secondDayRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var days = new DayLookahead<Day>(
            First,
            First.AddDays(9),
            day =>
            {
                if (day == First.AddDays(1))
                {
                    secondDayRead.TrySetResult();
                }

                return Task.FromResult(new Day(day, 1, Prepared: false));
            },
            async (day, token) =>
            {
                // The first day's preparation finishes only once the second day has been read: they overlap.
                if (day.Date == First)
                {
                    await secondDayRead.Task.WaitAsync(TimeSpan.FromSeconds(10), token);
                }

                return day with { Prepared = true };
            },
            maxDays: 31,
            maxOrdersToWrite: 1_000,
            day => day.Orders,
            ct);

        for (var expected = First; expected <= First.AddDays(9); expected = expected.AddDays(1))
        {
            var day = await days.ReadAsync(ct);
            Assert.Equal(expected, day.Date);
            Assert.True(day.Prepared);
        }
    }

    [Theory]
    [InlineData(6, 10, 31)]
    [InlineData(0, 10, 3)]
    public async Task Producer_HoldsNoMoreThanItsBoundsAhead_OfAReaderThatHasNotReadYet(int ordersPerDay, int maxOrders, int maxDays)
    {
        var ct = TestContext.Current.CancellationToken;
        var read = 0;
        await using var days = new DayLookahead<Day>(
            First,
            First.AddDays(99),
            day =>
            {
                Interlocked.Increment(ref read);
                return Task.FromResult(new Day(day, ordersPerDay, Prepared: true));
            },
            (day, _) => Task.FromResult(day),
            maxDays,
            maxOrders,
            day => day.Orders,
            ct);

        await Task.Delay(300, ct);

        // Held: with 6 orders a day and 10 allowed, one day (a second would make 12); with nothing to write, maxDays.
        // Beyond those, one day waits to be handed over and one has been read and is being prepared.
        var held = ordersPerDay == 0 ? maxDays : Math.Max(1, maxOrders / ordersPerDay);
        Assert.InRange(Volatile.Read(ref read), held, held + 2);

        // Reading lets the producer go on; every day still comes, in order.
        for (var expected = First; expected <= First.AddDays(99); expected = expected.AddDays(1))
        {
            Assert.Equal(expected, (await days.ReadAsync(ct)).Date);
        }

        Assert.Equal(100, read);
    }

    [Fact]
    public async Task ReadAsync_ADayThatFailsToPrepare_ThrowsItsOwnException_AfterTheDaysBeforeIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var days = new DayLookahead<Day>(
            First,
            First.AddDays(9),
            day => Task.FromResult(new Day(day, 1, Prepared: false)),
            (day, _) => day.Date == First.AddDays(2) ? throw new InvalidDataException("day 3 is broken") : Task.FromResult(day),
            maxDays: 31,
            maxOrdersToWrite: 1_000,
            day => day.Orders,
            ct);

        Assert.Equal(First, (await days.ReadAsync(ct)).Date);
        Assert.Equal(First.AddDays(1), (await days.ReadAsync(ct)).Date);
        var failure = await Assert.ThrowsAsync<InvalidDataException>(() => days.ReadAsync(ct));
        Assert.Equal("day 3 is broken", failure.Message);
    }

    [Fact]
    public async Task DisposeAsync_StopsReadingDays_TheRunNoLongerNeeds()
    {
        var ct = TestContext.Current.CancellationToken;
        var read = 0;
        var days = new DayLookahead<Day>(
            First,
            First.AddDays(3649),
            async day =>
            {
                Interlocked.Increment(ref read);
                await Task.Yield();
                return new Day(day, 100, Prepared: true);
            },
            (day, _) => Task.FromResult(day),
            maxDays: 31,
            maxOrdersToWrite: 1_000,
            day => day.Orders,
            ct);
        Assert.Equal(First, (await days.ReadAsync(ct)).Date);

        await days.DisposeAsync();
        var afterDispose = Volatile.Read(ref read);
        await Task.Delay(200, ct);

        Assert.Equal(afterDispose, Volatile.Read(ref read));
        Assert.True(afterDispose < 50, $"{afterDispose} days were read for a reader that took one");
    }

    private sealed record Day(DateOnly Date, int Orders, bool Prepared);
}
