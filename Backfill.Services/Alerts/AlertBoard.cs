namespace Backfill.Services.Alerts;

/// <summary>
/// The incidents as the alert monitor last saw them, for the dashboard: each subscriber gets its own one-slot,
/// latest-wins feed (starting with the current list), so a slow browser tab only skips lists.
/// </summary>
public sealed class AlertBoard
{
    private readonly Lock _gate = new();
    private readonly List<AlertBoardSubscription> _subscriptions = [];
    private IReadOnlyList<AlertIncident> _incidents = [];

    public IReadOnlyList<AlertIncident> Current
    {
        get
        {
            lock (_gate)
            {
                return _incidents;
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

    public void Publish(IReadOnlyList<AlertIncident> incidents)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        lock (_gate)
        {
            _incidents = incidents;
            foreach (var subscription in _subscriptions)
            {
                subscription.Offer(incidents);
            }
        }
    }

    /// <summary>A feed of incident lists, starting with the current one. Dispose to unsubscribe.</summary>
    public AlertBoardSubscription Subscribe()
    {
        var subscription = new AlertBoardSubscription(Remove);
        lock (_gate)
        {
            _subscriptions.Add(subscription);
            subscription.Offer(_incidents);
        }

        return subscription;
    }

    private void Remove(AlertBoardSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }
}
