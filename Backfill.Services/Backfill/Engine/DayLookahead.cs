using System.Threading.Channels;

namespace Backfill.Services.Backfill.Engine;

/// <summary>
/// Prepares days ahead of the writer, in day order, on tasks of their own: each day's orders cut from the stream
/// (<c>read</c>, one day after the other), then its stored orders read and every order made ready to store
/// (<c>prepare</c>, while the next day is being read). That is most of a refresh's CPU, and it no longer waits behind its
/// first day's campaign statistics (up to a second and a tenth for Klaviyo's metric aggregates). Bounded
/// so memory does not grow with the range: at most <c>maxDays</c> days ahead, and beyond the next day at most
/// <c>maxOrdersToWrite</c> orders whose documents are held for writing (orders read unchanged hold none).
/// </summary>
internal sealed class DayLookahead<TDay> : IAsyncDisposable
{
    private readonly Channel<TDay> _days;
    private readonly SemaphoreSlim _taken = new(0);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop;
    private readonly Task _producer;
    private readonly Func<TDay, int> _ordersToWrite;
    private int _heldDays;
    private long _heldOrders;

    public DayLookahead(
        DateOnly first,
        DateOnly last,
        Func<DateOnly, Task<TDay>> read,
        Func<TDay, CancellationToken, Task<TDay>> prepare,
        int maxDays,
        int maxOrdersToWrite,
        Func<TDay, int> ordersToWrite,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDays, 1);
        _ordersToWrite = ordersToWrite;
        _days = Channel.CreateBounded<TDay>(new BoundedChannelOptions(maxDays) { SingleReader = true, SingleWriter = true });
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _producer = Task.Run(() => ProduceAsync(first, last, read, prepare, maxOrdersToWrite, _stop.Token), CancellationToken.None);
    }

    /// <summary>The next day, prepared; a failure to prepare it surfaces here.</summary>
    public async Task<TDay> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_days.Reader.TryRead(out var day))
            {
                lock (_gate)
                {
                    _heldDays--;
                    _heldOrders -= _ordersToWrite(day);
                }

                _taken.Release();
                return day;
            }

            if (!await _days.Reader.WaitToReadAsync(cancellationToken))
            {
                // The producer stopped early only by failing or being cancelled: rethrow that, not a closed channel.
                await _producer;
                throw new InvalidOperationException("Read past the last day of the run.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _producer;
        }
        catch (Exception)
        {
            // Already surfaced through ReadAsync to the run that failed, or the run ended before it needed the day.
        }

        _stop.Dispose();
        _taken.Dispose();
    }

    private async Task ProduceAsync(
        DateOnly first,
        DateOnly last,
        Func<DateOnly, Task<TDay>> read,
        Func<TDay, CancellationToken, Task<TDay>> prepare,
        int maxOrdersToWrite,
        CancellationToken cancellationToken)
    {
        Task<TDay>? preparing = null;
        try
        {
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                var readDay = await read(day);
                var previous = preparing;
                preparing = Task.Run(() => prepare(readDay, cancellationToken), cancellationToken);
                if (previous is not null)
                {
                    await HandOverAsync(await previous, maxOrdersToWrite, cancellationToken);
                }
            }

            if (preparing is not null)
            {
                await HandOverAsync(await preparing, maxOrdersToWrite, cancellationToken);
            }
        }
        catch when (preparing is not null)
        {
            // Never leave a day being prepared behind (its failure unobserved, the store still being read).
            await ((Task)preparing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
        finally
        {
            _days.Writer.Complete();
        }
    }

    private async Task HandOverAsync(TDay content, int maxOrdersToWrite, CancellationToken cancellationToken)
    {
        var toWrite = _ordersToWrite(content);
        while (true)
        {
            lock (_gate)
            {
                if (_heldDays == 0 || _heldOrders + toWrite <= maxOrdersToWrite)
                {
                    _heldDays++;
                    _heldOrders += toWrite;
                    break;
                }
            }

            await _taken.WaitAsync(cancellationToken);
        }

        await _days.Writer.WriteAsync(content, cancellationToken);
    }
}
