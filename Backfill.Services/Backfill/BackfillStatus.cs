using Backfill.Services.Backfill.Coverage;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill;

/// <summary>
/// Everything known about one client's backfill: the content of <c>backfill_status/{client_id}</c> and what the
/// coordinator publishes. Immutable; every change is a new snapshot.
/// </summary>
public sealed record BackfillStatus
{
    public required ClientId ClientId { get; init; }

    public required string ClientName { get; init; }

    public BackfillState State { get; init; } = BackfillState.NotStarted;

    /// <summary>The current or last run, <c>backfill_status/{client_id}/runs/{run_id}</c>; null before the first.</summary>
    public string? RunId { get; init; }

    /// <summary>What was asked for: the kind of run, years or days, orders, whether it came from start-all's test mode.</summary>
    public BackfillParameters Parameters { get; init; } = BackfillParameters.Default;

    /// <summary>A short human description of the current step ("listing campaigns", "writing 2025-03-14", …).</summary>
    public string? Phase { get; init; }

    public DateOnly? RangeStart { get; init; }

    public DateOnly? RangeEnd { get; init; }

    public int TotalDays { get; init; }

    public int DaysCompleted { get; init; }

    /// <summary>0–100, one decimal.</summary>
    public double Percent => TotalDays == 0 ? 0 : Math.Round(100.0 * DaysCompleted / TotalDays, 1);

    /// <summary>The day being fetched or written.</summary>
    public DateOnly? CurrentDate { get; init; }

    /// <summary>The checkpoint: every day up to and including it is written.</summary>
    public DateOnly? LastCompletedDate { get; init; }

    /// <summary>The account's timezone (IANA) and main currency, once known.</summary>
    public string? TimeZone { get; init; }

    public string? Currency { get; init; }

    public long Campaigns { get; init; }

    public long Flows { get; init; }

    public long Orders { get; init; }

    public long SkippedEvents { get; init; }

    /// <summary>Orders this run removed because Klaviyo no longer returns them for days it re-read.</summary>
    public long DeletedOrders { get; init; }

    /// <summary>Events this run saw dated after the moment it read them (a shop's clock or import gone wrong).</summary>
    public long FutureDatedEvents { get; init; }

    /// <summary>Refund and cancellation events this run read whose order is not in the copy; kept at <c>unmatched_refunds</c>.</summary>
    public long UnmatchedRefunds { get; init; }

    public IReadOnlyDictionary<string, decimal> RevenueByCurrency { get; init; } = new Dictionary<string, decimal>();

    public long KlaviyoRequests { get; init; }

    public long KlaviyoThrottled { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Estimated completion, from the pace of the days written so far.</summary>
    public DateTimeOffset? Eta { get; init; }

    /// <summary>Set while <see cref="BackfillState.WaitingRateLimit"/>: when Klaviyo will take requests again.</summary>
    public DateTimeOffset? RateLimitedUntil { get; init; }

    /// <summary>The last failure, human readable, never containing a key.</summary>
    public string? Error { get; init; }

    public DateTimeOffset? ErrorAt { get; init; }

    /// <summary>Runs of this backfill so far (1 for the first, +1 per retry or resume).</summary>
    public int Attempts { get; init; }

    /// <summary>
    /// The app instance (<c>Backfill:InstanceId</c>) that holds or last held this client's run lease: who runs it, or ran
    /// it last. Null before any instance has claimed a run.
    /// </summary>
    public string? Instance { get; init; }

    /// <summary>What the copy covers, per kind of data, across every run; only Clear data shrinks it.</summary>
    public ClientCoverage Coverage { get; init; } = ClientCoverage.None;

    public static BackfillStatus NotStarted(ClientId clientId, string clientName) => new() { ClientId = clientId, ClientName = clientName };
}

/// <summary>
/// The parameters a run was started with: its kind, years or days (backfills), the lookback and whether today's
/// partial day is written (refreshes), orders, and whether it came from start-all's test mode.
/// </summary>
public sealed record BackfillParameters(
    int? Years,
    int? Days,
    bool IncludeOrders,
    bool TestMode,
    RunKind Kind = RunKind.Backfill,
    int? LookbackDays = null,
    bool IncludeToday = false,
    IReadOnlyList<DateOnly>? Dates = null)
{
    /// <summary>A re-sync of exactly these days (sorted, distinct), orders included.</summary>
    public static BackfillParameters Resync(IEnumerable<DateOnly> dates) =>
        new(null, null, IncludeOrders: true, TestMode: false, RunKind.Resync, Dates: [.. dates.Distinct().Order()]);

    public static BackfillParameters Default { get; } = new(1, null, true, false);

    public static BackfillParameters From(BackfillRequest request, bool testMode)
    {
        ArgumentNullException.ThrowIfNull(request);
        var kind = request is { Days: BackfillRequest.QuickCheckDays, Years: null, IncludeOrders: true } ? RunKind.QuickCheck : RunKind.Backfill;
        return new(request.Days is null ? request.Years ?? 1 : null, request.Days, request.IncludeOrders, testMode, kind);
    }

    public static BackfillParameters From(RefreshRequest request, int lookbackDays, bool testMode)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(null, null, IncludeOrders: true, testMode, RunKind.Refresh, request.LookbackDays ?? lookbackDays, request.IncludeToday);
    }

    public BackfillRequest ToRequest() => new(Years, Days, IncludeOrders);
}
