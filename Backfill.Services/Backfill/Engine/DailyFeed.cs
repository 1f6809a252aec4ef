namespace Backfill.Services.Backfill.Engine;

/// <summary>
/// Per-day data fetched in windows by a background task, oldest window first, so the day writer can start on the
/// first days while later windows are still waiting for their rate-limit slot.
/// </summary>
internal sealed class DailyFeed<T> : IAsyncDisposable
{
    private readonly IReadOnlyList<(DateOnly First, DateOnly Last)> _windows;
    private readonly TaskCompletionSource<IReadOnlyDictionary<DateOnly, T>>[] _results;
    private readonly CancellationTokenSource _stop;
    private readonly Task _pump;

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

    /// <summary>Waits for the window holding <paramref name="day"/>; a day no window covers, or without data, yields null.</summary>
    public async Task<T?> GetAsync(DateOnly day, CancellationToken cancellationToken)
    {
        for (var i = 0; i < _windows.Count; i++)
        {
            if (day >= _windows[i].First && day <= _windows[i].Last)
            {
                var data = await _results[i].Task.WaitAsync(cancellationToken);
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
    }

    private async Task PumpAsync(Func<DateOnly, DateOnly, CancellationToken, Task<IReadOnlyDictionary<DateOnly, T>>> fetch)
    {
        for (var i = 0; i < _windows.Count; i++)
        {
            try
            {
                _results[i].TrySetResult(await fetch(_windows[i].First, _windows[i].Last, _stop.Token));
            }
            catch (Exception failure)
            {
                // Every later window fails the same way: the reader sees the cause at the first day it needs.
                for (var j = i; j < _windows.Count; j++)
                {
                    if (failure is OperationCanceledException)
                    {
                        _results[j].TrySetCanceled(_stop.Token);
                    }
                    else
                    {
                        _results[j].TrySetException(failure);
                    }
                }

                return;
            }
        }
    }
}
