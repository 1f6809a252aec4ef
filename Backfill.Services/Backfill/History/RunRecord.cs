namespace Backfill.Services.Backfill.History;

/// <summary>One run as the history keeps it: what it was asked to do, how it ended, and what it cost.</summary>
public sealed record RunRecord
{
    public required string RunId { get; init; }

    public required BackfillParameters Parameters { get; init; }

    public required BackfillState State { get; init; }

    public DateOnly? RangeStart { get; init; }

    public DateOnly? RangeEnd { get; init; }

    public int TotalDays { get; init; }

    public int DaysCompleted { get; init; }

    public long Orders { get; init; }

    public long DeletedOrders { get; init; }

    public long SkippedEvents { get; init; }

    public long FutureDatedEvents { get; init; }

    public IReadOnlyDictionary<string, decimal> RevenueByCurrency { get; init; } = new Dictionary<string, decimal>();

    public long KlaviyoRequests { get; init; }

    public long KlaviyoThrottled { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it completed, failed or was cancelled; null while it runs.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    public string? Error { get; init; }

    public int Attempts { get; init; }
}
