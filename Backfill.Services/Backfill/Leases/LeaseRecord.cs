using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Leases;

/// <summary>
/// The lease fields of <c>backfill_status/{client_id}</c>: holder (<c>instance</c>), fencing token, expiry, and a command
/// left by another instance. <c>lease_expires_at</c> is also "claimable from": a queued run nobody holds has it set to
/// the time it was queued, a finished one has none, so one query (<c>lease_expires_at &lt;= now</c>) finds all work to take.
/// </summary>
internal sealed record LeaseRecord(string? Instance, long Token, DateTimeOffset? ExpiresAt, string? Command)
{
    public const string InstanceField = "instance";
    public const string TokenField = "lease_token";
    public const string ExpiresAtField = "lease_expires_at";
    public const string CommandField = "command";
    public const string CommandByField = "command_by";
    public const string CommandAtField = "command_at";

    /// <summary>The one command another instance can leave for the holder.</summary>
    public const string Cancel = "cancel";

    public static LeaseRecord None { get; } = new(null, 0, null, null);

    public static LeaseRecord Read(Document? document)
    {
        if (document is null)
        {
            return None;
        }

        var f = document.Fields;
        return new LeaseRecord(
            f.GetValueOrDefault(InstanceField) as string,
            f.GetValueOrDefault(TokenField) is long token ? token : 0,
            f.GetValueOrDefault(ExpiresAtField) as DateTimeOffset?,
            f.GetValueOrDefault(CommandField) as string);
    }

    /// <summary>Another instance holds a lease that has not run out: the run is theirs.</summary>
    public bool HeldByOther(string self, DateTimeOffset now) => Instance is not null && Instance != self && ExpiresAt is { } expires && expires > now;

    /// <summary>Nobody holds it (queued, or the holder's lease ran out).</summary>
    public bool Claimable(DateTimeOffset now) => ExpiresAt is null || ExpiresAt <= now;
}
