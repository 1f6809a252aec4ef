using Backfill.Services.Storage;

namespace Backfill.Services.Alerts;

/// <summary>
/// One client's incident of one kind, as stored at <c>alerts/{client_id}.{kind}</c>. Opening sends a message,
/// clearing sends a resolved message; while open nothing more is sent until <see cref="AlertOptions.RenotifyAfter"/>
/// has passed since <see cref="LastNotifiedAt"/>. A resolved incident stays until the same kind opens again.
/// </summary>
public sealed record AlertIncident
{
    public required ClientId ClientId { get; init; }

    public required string ClientName { get; init; }

    public required AlertKind Kind { get; init; }

    public bool IsOpen { get; init; } = true;

    /// <summary>One line: what happened.</summary>
    public required string Summary { get; init; }

    /// <summary>The particulars (the error, the days, when the budget returns…); never a credential.</summary>
    public string? Detail { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }

    public required DateTimeOffset LastNotifiedAt { get; init; }

    /// <summary>Messages sent about this incident: the first one plus reminders.</summary>
    public int Notifications { get; init; } = 1;

    /// <summary>For incidents that end by themselves at a known time (the reporting budget).</summary>
    public DateTimeOffset? Until { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>How it cleared ("a later run completed", …).</summary>
    public string? Resolution { get; init; }
}
