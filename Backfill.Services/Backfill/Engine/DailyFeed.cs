namespace Backfill.Services.Backfill.Engine;

/// <summary>
/// Per-day data fetched in windows by a background task, oldest window first, so the day writer can start on the
/// first days while later windows are still waiting for their rate-limit slot. The feed runs at most
/// <see cref="ReadAhead"/> windows ahead of the day being read and lets go of every window the reader has passed, so
/// its memory is a few windows whatever the length of the range (ten years hold no more than one).
/// </summary>
internal sealed class DailyFeed<T> : IAsyncDisposable
{
    /// <summary>
    /// Windows fetched ahead of the one being read: one keeps the writer fed while the next waits for its slot; more
    /// would hold more (a campaign window is a year of days).
    /// </summary>
    public const int ReadAhead = 1;

    private readonly IReadOnlyList<(DateOnly First, DateOnly Last)> _windows;
    private readonly TaskCompletionSource<IReadOnlyDictionary<DateOnly, T>>?[] _results;
    private readonly SemaphoreSlim _room = new(ReadAhead + 1);
    private readonly CancellationTokenSource _stop;
    private readonly Task _pump;

    // Windows before this one have been passed by the reader and released; only the reader changes it.
    private int _firstHeld;

    public DailyFeed(
        IReadOnlyList<(DateOnly First, DateOnly Last)> windows,
        Func<DateOnly, DateOnly, CancellationToken, Task<IReadOnlyDictionary<DateOnly, T>>> fetch,
        CancellationToken cancellationToken)
    {
        _windows = windows;
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
                var data = await _results[i]!.Task.WaitAsync(cancellationToken);
                Release(i);
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

    /// <summary>Drops the windows before <paramref name="current"/> (every earlier window is complete by now) and makes room ahead.</summary>
    private void Release(int current)
    {
        for (; _firstHeld < current; _firstHeld++)
        {
            _results[_firstHeld] = null;
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
                _results[i]!.TrySetResult(await fetch(_windows[i].First, _windows[i].Last, _stop.Token));
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
