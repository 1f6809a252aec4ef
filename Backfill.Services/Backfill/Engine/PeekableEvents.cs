using Backfill.Services.Klaviyo;

namespace Backfill.Services.Backfill.Engine;

/// <summary>
/// A time-ordered event stream read one event ahead: the next event is looked at (is it still this day's? still
/// before the refunds' read-ahead?) before it is taken, and stays next until it is.
/// </summary>
internal sealed class PeekableEvents(IAsyncEnumerable<KlaviyoEvent> events, CancellationToken cancellationToken) : IAsyncDisposable
{
    private readonly IAsyncEnumerator<KlaviyoEvent> _events = events.GetAsyncEnumerator(cancellationToken);
    private KlaviyoEvent? _next;
    private bool _done;

    /// <summary>The next event, not taken; null at the end of the stream.</summary>
    public async ValueTask<KlaviyoEvent?> PeekAsync()
    {
        if (_next is null && !_done)
        {
            if (await _events.MoveNextAsync())
            {
                _next = _events.Current;
            }
            else
            {
                _done = true;
            }
        }

        return _next;
    }

    /// <summary>Takes the event <see cref="PeekAsync"/> returned: the next peek reads on.</summary>
    public void Take() => _next = null;

    public ValueTask DisposeAsync() => _events.DisposeAsync();
}
