using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// Splits an event window into consecutive slices, fetches several at once, and yields them strictly in slice
/// order. Each slice buffers at most a couple of pages, and only <c>parallelism</c> slices are started and not yet
/// read at any time, so a fast late slice cannot pile up memory: what is held does not grow with the range.
/// </summary>
internal static class EventSlices
{
    private const int PagesBufferedPerSlice = 2;

    public sealed record Slice(DateTimeOffset From, DateTimeOffset To);

    /// <summary>
    /// Whole-second boundaries (events are stored to the second); more slices than workers evens out uneven density.
    /// No slice is shorter than <paramref name="minSliceLength"/> (when given): every slice ends on a partly filled
    /// page, so a refresh of a few days cut into 16 slices would spend 16 requests where 6 pages hold its events.
    /// No slice is longer than <paramref name="maxSliceLength"/> (when given, and more than one worker): the slices
    /// read ahead hold a slice's events each (a small account's slice fits in its buffered pages), so slices a tenth
    /// of a 10-year range long would hold ten times a 1-year run's. No more than <paramref name="maxCount"/> slices
    /// (when given): a stream known to hold few pages gains nothing from more.
    /// </summary>
    public static IReadOnlyList<Slice> Split(
        DateTimeOffset fromUtc, DateTimeOffset toUtc, int parallelism, TimeSpan minSliceLength = default, TimeSpan maxSliceLength = default, long maxCount = long.MaxValue)
    {
        var totalSeconds = (long)Math.Floor((toUtc - fromUtc).TotalSeconds);
        var longEnough = minSliceLength > TimeSpan.Zero ? Math.Max(1, (long)((toUtc - fromUtc) / minSliceLength)) : long.MaxValue;
        var byParallelism = parallelism == 1 ? 1 : parallelism * 4L;
        if (parallelism > 1 && maxSliceLength > TimeSpan.Zero)
        {
            byParallelism = Math.Max(byParallelism, (long)Math.Ceiling((toUtc - fromUtc) / maxSliceLength));
        }

        var count = (int)Math.Min(Math.Min(Math.Min(byParallelism, longEnough), Math.Max(totalSeconds, 1)), Math.Max(maxCount, 1));
        if (count <= 1)
        {
            return [new Slice(fromUtc, toUtc)];
        }

        var slices = new List<Slice>(count);
        var start = fromUtc;
        for (var i = 1; i <= count; i++)
        {
            var end = i == count ? toUtc : fromUtc.AddSeconds(totalSeconds * i / count);
            slices.Add(new Slice(start, end));
            start = end;
        }

        return slices;
    }

    public static async IAsyncEnumerable<T> MergeInOrderAsync<T>(
        IReadOnlyList<Slice> slices,
        int parallelism,
        Func<Slice, CancellationToken, IAsyncEnumerable<T[]>> fetch,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var workers = new SemaphoreSlim(Math.Max(1, parallelism));
        var buffers = slices
            .Select(_ => Channel.CreateBounded<T[]>(new BoundedChannelOptions(PagesBufferedPerSlice) { SingleReader = true, SingleWriter = true }))
            .ToArray();

        // Slices start in order and hold a worker until the reader has read them to the end (not merely until they
        // are fetched: a slice whose pages all fit in its buffer would otherwise free its worker at once, and a small
        // account's whole range would be buffered ahead). The earliest unread slice has always started, so the reader
        // can never wait on a slice that is waiting for a worker.
        var producer = StartAllAsync();
        try
        {
            foreach (var buffer in buffers)
            {
                await foreach (var page in buffer.Reader.ReadAllAsync(cancellationToken))
                {
                    // Each item let go once the reader has moved past it, not with the rest of its page.
                    for (var i = 0; i < page.Length; i++)
                    {
                        yield return page[i];
                        page[i] = default!;
                    }
                }

                workers.Release();
            }
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
        }

        async Task StartAllAsync()
        {
            var running = new List<Task>(slices.Count);
            try
            {
                for (var i = 0; i < slices.Count; i++)
                {
                    await workers.WaitAsync(stop.Token);
                    running.Add(FillAsync(slices[i], buffers[i].Writer));
                }
            }
            catch (OperationCanceledException)
            {
                foreach (var buffer in buffers)
                {
                    buffer.Writer.TryComplete(new OperationCanceledException(stop.Token));
                }
            }

            await Task.WhenAll(running);
        }

        async Task FillAsync(Slice slice, ChannelWriter<T[]> writer)
        {
            try
            {
                await foreach (var page in fetch(slice, stop.Token))
                {
                    await writer.WriteAsync(page, stop.Token);
                }

                writer.TryComplete();
            }
            catch (Exception failure)
            {
                // Handed to the reader, which rethrows it when it reaches this slice.
                writer.TryComplete(failure);
            }
        }
    }
}
