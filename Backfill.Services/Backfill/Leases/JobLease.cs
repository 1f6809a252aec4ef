namespace Backfill.Services.Backfill.Leases;

/// <summary>
/// What this instance knows of one client's lease. Changed only under the job's save lock or on the coordinator's
/// command loop, and read by the lease keeper; the fields are volatile so the keeper sees the last writes.
/// </summary>
internal sealed class JobLease
{
    private volatile bool _owned;
    private volatile bool _lost;
    private long _token;
    private long _storedAtTicks = long.MinValue;
    private long _expiresAtTicks;
    private long _renewedAtTicks;

    /// <summary>This instance holds the lease: it runs the client and may write its status and checkpoint.</summary>
    public bool Owned { get => _owned; set => _owned = value; }

    /// <summary>The lease was taken by another instance (or ran out) while this one ran: the run stops and writes nothing more.</summary>
    public bool Lost { get => _lost; set => _lost = value; }

    /// <summary>
    /// The write in flight is a claim: if another instance's write got there first, this instance never held the lease,
    /// so the refusal is a claim not won (logged as such), not a lease lost.
    /// </summary>
    public bool Claiming { get; set; }

    /// <summary>The fencing token: +1 at every claim, so a write by an older holder can never pass for the current one.</summary>
    public long Token { get => Interlocked.Read(ref _token); set => Interlocked.Exchange(ref _token, value); }

    /// <summary>The status document's update time as last read or written here; null when it does not exist.</summary>
    public DateTimeOffset? StoredAt
    {
        get => Interlocked.Read(ref _storedAtTicks) is var t && t == long.MinValue ? null : new DateTimeOffset(t, TimeSpan.Zero);
        set => Interlocked.Exchange(ref _storedAtTicks, value?.UtcTicks ?? long.MinValue);
    }

    /// <summary>When the held lease runs out unless renewed.</summary>
    public DateTimeOffset ExpiresAt
    {
        get => new(Interlocked.Read(ref _expiresAtTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _expiresAtTicks, value.UtcTicks);
    }

    /// <summary>When the held lease was last written (claimed, renewed, or a checkpoint).</summary>
    public DateTimeOffset RenewedAt
    {
        get => new(Interlocked.Read(ref _renewedAtTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _renewedAtTicks, value.UtcTicks);
    }
}
