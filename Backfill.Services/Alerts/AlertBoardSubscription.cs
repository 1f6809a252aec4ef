using System.Threading.Channels;

namespace Backfill.Services.Alerts;

/// <summary>One subscriber's latest-wins feed of incident lists (see <see cref="AlertBoard.Subscribe"/>).</summary>
public sealed class AlertBoardSubscription : IDisposable
{
    private readonly Channel<IReadOnlyList<AlertIncident>> _channel = Channel.CreateBounded<IReadOnlyList<AlertIncident>>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly Action<AlertBoardSubscription> _remove;

    internal AlertBoardSubscription(Action<AlertBoardSubscription> remove) => _remove = remove;

    public ChannelReader<IReadOnlyList<AlertIncident>> Updates => _channel.Reader;

    internal void Offer(IReadOnlyList<AlertIncident> incidents) => _channel.Writer.TryWrite(incidents);

    public void Dispose()
    {
        _remove(this);
        _channel.Writer.TryComplete();
    }
}
