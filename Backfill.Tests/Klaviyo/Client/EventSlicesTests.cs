using System.Runtime.CompilerServices;
using Backfill.Services.Klaviyo.Client;

namespace Backfill.Tests.Klaviyo.Client;

public sealed class EventSlicesTests
{
    private static readonly DateTimeOffset From = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Split_Year_CoversTheWindowContiguouslyOnWholeSeconds()
    {
        var slices = EventSlices.Split(From, From.AddYears(1), 4);

        Assert.Equal(16, slices.Count);
        Assert.Equal(From, slices[0].From);
        Assert.Equal(From.AddYears(1), slices[^1].To);
        Assert.All(slices.Zip(slices.Skip(1)), pair => Assert.Equal(pair.First.To, pair.Second.From));
        Assert.All(slices, s => Assert.Equal(0, s.From.Millisecond));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(0.5, 1)]
    [InlineData(3, 3)]
    public void Split_ShortWindow_NeverMakesSubSecondSlices(double seconds, int expected)
    {
        Assert.Equal(expected, EventSlices.Split(From, From.AddSeconds(seconds), 8).Count);
    }

    [Theory]
    [InlineData(7, 3)]
    [InlineData(2, 1)]
    [InlineData(1, 1)]
    [InlineData(365, 16)]
    public void Split_WithAMinimumLength_NeverCutsShorterSlices(int days, int expected)
    {
        var slices = EventSlices.Split(From, From.AddDays(days), 4, TimeSpan.FromDays(2));

        Assert.Equal(expected, slices.Count);
        Assert.Equal(From.AddDays(days), slices[^1].To);
    }

    [Fact]
    public void Split_TenYears_CapsTheSliceLength_AYearIsCutAsBefore()
    {
        var tenYears = EventSlices.Split(From, From.AddDays(3652), 4, TimeSpan.FromDays(2), TimeSpan.FromDays(46));
        var oneYear = EventSlices.Split(From, From.AddDays(365), 4, TimeSpan.FromDays(2), TimeSpan.FromDays(46));

        Assert.Equal(80, tenYears.Count);
        Assert.All(tenYears, s => Assert.True(s.To - s.From <= TimeSpan.FromDays(46), $"{s.From:s}..{s.To:s}"));
        Assert.Equal(From.AddDays(3652), tenYears[^1].To);
        Assert.Equal(16, oneYear.Count);
    }

    [Fact]
    public async Task MergeInOrderAsync_SlicesStartedAheadOfTheReader_AreBoundedByTheParallelism()
    {
        // Twenty slices of one small page each: every slice fits in its buffer, so only the reader can hold them back.
        var slices = EventSlices.Split(From, From.AddSeconds(20), 20);
        var started = 0;
        async IAsyncEnumerable<int[]> OnePage(EventSlices.Slice slice, [EnumeratorCancellation] CancellationToken token)
        {
            Interlocked.Increment(ref started);
            await Task.Yield();
            token.ThrowIfCancellationRequested();
            yield return [slices.ToList().IndexOf(slice)];
        }

        await using var merged = EventSlices.MergeInOrderAsync(slices, 3, OnePage, TestContext.Current.CancellationToken)
            .GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.True(await merged.MoveNextAsync());
        await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);

        // The slice being read and two ahead; before, a slice freed its worker once fetched and all twenty started.
        Assert.InRange(Volatile.Read(ref started), 1, 3);
        var items = new List<int> { merged.Current };
        while (await merged.MoveNextAsync())
        {
            items.Add(merged.Current);
        }

        Assert.Equal(Enumerable.Range(0, 20), items);
    }

    [Fact]
    public async Task MergeInOrderAsync_LaterSlicesFinishFirst_StillYieldsInSliceOrder()
    {
        var slices = EventSlices.Split(From, From.AddSeconds(6), 2);
        var gates = slices.Select(_ => new TaskCompletionSource()).ToArray();

        var merged = EventSlices.MergeInOrderAsync(slices, 8, (slice, token) => Pages(slices, slice, gates, token), TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken).AsTask();
        for (var i = gates.Length - 1; i >= 0; i--)
        {
            gates[i].SetResult();
        }

        var items = await merged.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, slices.Count * 2), items);
    }

    [Fact]
    public async Task MergeInOrderAsync_SliceFails_RethrowsWhenReachingIt()
    {
        var slices = EventSlices.Split(From, From.AddSeconds(4), 2);

        var merged = EventSlices.MergeInOrderAsync<int>(slices, 2, (slice, token) => Failing(slices.ToList().IndexOf(slice), token), TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await merged.ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal("slice 1", error.Message);
    }

    [Fact]
    public async Task MergeInOrderAsync_ItemReadPast_IsNoLongerHeldByItsPage()
    {
        var slices = EventSlices.Split(From, From.AddSeconds(2), 1);
        var created = new List<WeakReference>();
        async IAsyncEnumerable<object[]> OnePage(EventSlices.Slice slice, [EnumeratorCancellation] CancellationToken token)
        {
            await Task.Yield();
            yield return Page(created, 3);
        }

        var ct = TestContext.Current.CancellationToken;
        await using var merged = EventSlices.MergeInOrderAsync(slices, 1, OnePage, ct).GetAsyncEnumerator(ct);
        Assert.True(await merged.MoveNextAsync());
        Assert.True(await merged.MoveNextAsync());
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // The first item is read past, the second is current, the third not yet read.
        Assert.Equal([false, true, true], created.Select(w => w.IsAlive));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static object[] Page(List<WeakReference> created, int count)
    {
        var page = Enumerable.Range(0, count).Select(_ => new object()).ToArray();
        created.AddRange(page.Select(item => new WeakReference(item)));
        return page;
    }

    private static async IAsyncEnumerable<int[]> Pages(
        IReadOnlyList<EventSlices.Slice> slices, EventSlices.Slice slice, TaskCompletionSource[] gates, [EnumeratorCancellation] CancellationToken token)
    {
        var index = slices.ToList().IndexOf(slice);
        await gates[index].Task.WaitAsync(token);
        yield return [index * 2];
        yield return [index * 2 + 1];
    }

    private static async IAsyncEnumerable<int[]> Failing(int index, [EnumeratorCancellation] CancellationToken token)
    {
        await Task.Yield();
        token.ThrowIfCancellationRequested();
        yield return [index];
        if (index == 1)
        {
            throw new InvalidOperationException("slice 1");
        }
    }
}
