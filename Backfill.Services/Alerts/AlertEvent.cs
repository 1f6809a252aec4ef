namespace Backfill.Services.Alerts;

/// <summary>Why a message is sent.</summary>
public enum AlertEvent
{
    /// <summary>An incident opened.</summary>
    Opened,

    /// <summary>An incident is still open <see cref="AlertOptions.RenotifyAfter"/> after its last message.</summary>
    Reminder,

    /// <summary>An incident cleared.</summary>
    Resolved,

    /// <summary>Something worth telling that is not an incident (a completed run).</summary>
    Notice,

    /// <summary>An operator's test alert.</summary>
    Test,
}

public static class AlertEvents
{
    public static string ToWire(this AlertEvent value) => value switch
    {
        AlertEvent.Opened => "opened",
        AlertEvent.Reminder => "reminder",
        AlertEvent.Resolved => "resolved",
        AlertEvent.Notice => "notice",
        AlertEvent.Test => "test",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };
}
