using System.Threading.Channels;

namespace Backfill.Services.Backfill;

/// <summary>
/// Hands board snapshots to any number of subscribers, each through its own one-slot, latest-wins channel, so a slow
/// browser tab only ever skips snapshots and never slows a backfill. Progress is published at most once per
/// interval; state changes at once.
/// </summary>
internal sealed class BoardPublisher(TimeProvider timeProvider, TimeSpan interval) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscriptions = [];
    private Func<BackfillBoard>? _source;
    private BackfillBoard _board = BackfillBoard.Empty;
    private long _lastPublished = long.MinValue;
    private ITimer? _pending;

    public BackfillBoard Current
    {
        get
        {
            lock (_gate)
            {
                return _board;
            }
        }
    }

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    /// <summary>Where snapshots come from; called under no lock of ours.</summary>
    public void Attach(Func<BackfillBoard> source) => _source = source;

    public IBackfillSubscription Subscribe()
    {
        var subscription = new Subscription(this);
        lock (_gate)
        {
            _subscriptions.Add(subscription);
            subscription.Offer(_board);
        }

        return subscription;
    }

    /// <summary>Publishes now when <paramref name="immediate"/> or the interval has passed; otherwise once the interval ends.</summary>
    public void Publish(bool immediate)
    {
        lock (_gate)
        {
            var due = _lastPublished == long.MinValue || timeProvider.GetElapsedTime(_lastPublished) >= interval;
            if (!immediate && !due)
            {
                _pending ??= timeProvider.CreateTimer(_ => PublishPending(), null, interval, Timeout.InfiniteTimeSpan);
                return;
            }
        }

        PublishNow();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _pending?.Dispose();
            _pending = null;
            foreach (var subscription in _subscriptions)
            {
                subscription.Complete();
            }

            _subscriptions.Clear();
        }
    }

    private void PublishPending()
    {
        lock (_gate)
        {
            _pending?.Dispose();
            _pending = null;
        }

        PublishNow();
    }

    private void PublishNow()
    {
        var board = _source?.Invoke() ?? BackfillBoard.Empty;
        lock (_gate)
        {
            // Snapshots are built outside the lock, so two racing publishers may finish out of order: keep the newest.
            if (board.Version <= _board.Version && _board.Version != 0)
            {
                return;
            }

            _board = board;
            _lastPublished = timeProvider.GetTimestamp();
            foreach (var subscription in _subscriptions)
            {
                subscription.Offer(board);
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    private sealed class Subscription(BoardPublisher owner) : IBackfillSubscription
    {
        private readonly Channel<BackfillBoard> _channel = Channel.CreateBounded<BackfillBoard>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false });

        public ChannelReader<BackfillBoard> Updates => _channel.Reader;

        public void Offer(BackfillBoard board) => _channel.Writer.TryWrite(board);

        public void Complete() => _channel.Writer.TryComplete();

        public void Dispose()
        {
            owner.Remove(this);
            Complete();
        }
    }
}
