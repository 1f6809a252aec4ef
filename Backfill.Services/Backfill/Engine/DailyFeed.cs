namespace Backfill.Services.Backfill.Engine;

/// <summary>
/// Per-day data fetched in windows by a background task, oldest window first, so the day writer can start on the
/// first days while later windows are still waiting for their rate-limit slot. The feed runs at most its read-ahead
/// of windows ahead of the day being read and lets go of every window the reader has passed, so its memory is a few
/// windows whatever the length of the range (ten years hold no more than one).
/// </summary>
internal sealed class DailyFeed<T> : IAsyncDisposable
{
    /// <summary>
    /// Windows fetched ahead of the one being read by default: one keeps the writer fed while the next waits for its
    /// slot; more would hold more.
    /// </summary>
    public const int ReadAhead = 1;

    private readonly IReadOnlyList<(DateOnly First, DateOnly Last)> _windows;
    private readonly TaskCompletionSource<IReadOnlyDictionary<DateOnly, T>>?[] _results;
    private readonly SemaphoreSlim _room;
    private readonly CancellationTokenSource _stop;
    private readonly Task _pump;

    // Windows before this one have been passed by the reader and released; only the reader changes it.
    private int _firstHeld;

    /// <param name="readAhead">
    /// Windows fetched ahead of the one being read (0: each is fetched when the reader reaches it, after the one
    /// before is let go, so one window is held and its fetch never overlaps the days written).
    /// </param>
    public DailyFeed(
        IReadOnlyList<(DateOnly First, DateOnly Last)> windows,
        Func<DateOnly, DateOnly, CancellationToken, Task<IReadOnlyDictionary<DateOnly, T>>> fetch,
        CancellationToken cancellationToken,
        int readAhead = ReadAhead)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(readAhead);
        _windows = windows;
        _room = new SemaphoreSlim(readAhead + 1);
        _results = [.. windows.Select(_ => new TaskCompletionSource<IReadOnlyDictionary<DateOnly, T>>(TaskCreationOptions.RunContinuationsAsynchronously))];
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _pump = Task.Run(() => PumpAsync(fetch), CancellationToken.None);
    }

    /// <summary>Windows whose data the feed holds or is fetching right now (for tests: bounded by the read-ahead).</summary>
    internal int HeldWindows => _results.Count(r => r is not null && r.Task.IsCompletedSuccessfully);

    /// <summary>
    /// Waits for the window holding <paramref name="day"/>; a day no window covers, or without data, yields null. Days
    /// are read in order: asking for a day releases every earlier window.
    /// </summary>
    public async Task<T?> GetAsync(DateOnly day, CancellationToken cancellationToken)
    {
        for (var i = _firstHeld; i < _windows.Count; i++)
        {
            if (day >= _windows[i].First && day <= _windows[i].Last)
            {
                // The windows passed are let go first: without read-ahead, that is what lets this one be fetched.
                Release(i);
                var data = await _results[i]!.Task.WaitAsync(cancellationToken);
                return data.TryGetValue(day, out var value) ? value : default;
            }
        }

        return default;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
        _room.Dispose();
    }

    /// <summary>
    /// Drops the windows before <paramref name="current"/> and makes room ahead. An earlier window is complete by now,
    /// unless the reader asked for none of its days: the pump then skips it, or its answer goes nowhere.
    /// </summary>
    private void Release(int current)
    {
        for (; _firstHeld < current; _firstHeld++)
        {
            Volatile.Write(ref _results[_firstHeld], null);
            _room.Release();
        }
    }

    private async Task PumpAsync(Func<DateOnly, DateOnly, CancellationToken, Task<IReadOnlyDictionary<DateOnly, T>>> fetch)
    {
        for (var i = 0; i < _windows.Count; i++)
        {
            try
            {
                await _room.WaitAsync(_stop.Token);

                // A window the reader went past without asking for it is let go before it is fetched (its room was
                // given back when it was let go).
                if (Volatile.Read(ref _results[i]) is not { } result)
                {
                    continue;
                }

                result.TrySetResult(await fetch(_windows[i].First, _windows[i].Last, _stop.Token));
            }
            catch (Exception failure)
            {
                // Every later window fails the same way: the reader sees the cause at the first day it needs.
                for (var j = i; j < _windows.Count; j++)
                {
                    if (failure is OperationCanceledException)
                    {
                        _results[j]?.TrySetCanceled(_stop.Token);
                    }
                    else
                    {
                        _results[j]?.TrySetException(failure);
                    }
                }

                return;
            }
        }
    }
}
