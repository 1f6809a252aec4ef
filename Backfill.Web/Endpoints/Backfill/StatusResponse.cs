using Backfill.Services.Backfill;

namespace Backfill.Web.Endpoints.Backfill;

/// <summary>
/// <c>backfill_status/{client_id}</c> as the API answers it (snake_case on the wire): the same fields as
/// <see cref="Services.Backfill.Documents.BackfillStatusDocument"/>, with the same values. Built by name, never by
/// position; <c>StatusRecordDriftTests</c> fails when a field is added to one and not the other.
/// </summary>
internal sealed record StatusResponse
{
    public required string ClientId { get; init; }

    public required string ClientName { get; init; }

    public required string Status { get; init; }

    public string? RunId { get; init; }

    public required ParametersResponse Parameters { get; init; }

    public string? Phase { get; init; }

    public DateOnly? RangeStart { get; init; }

    public DateOnly? RangeEnd { get; init; }

    public int TotalDays { get; init; }

    public int DaysCompleted { get; init; }

    public double Percent { get; init; }

    public DateOnly? CurrentDate { get; init; }

    public DateOnly? LastCompletedDate { get; init; }

    public string? Timezone { get; init; }

    public string? Currency { get; init; }

    public long Campaigns { get; init; }

    public long Flows { get; init; }

    public long Orders { get; init; }

    public long SkippedEvents { get; init; }

    public long DeletedOrders { get; init; }

    public long FutureDatedEvents { get; init; }

    public long UnmatchedRefunds { get; init; }

    public required IReadOnlyDictionary<string, decimal> RevenueByCurrency { get; init; }

    public long KlaviyoRequests { get; init; }

    public long KlaviyoThrottled { get; init; }

    /// <summary>The app instance that holds or last held the client's run lease.</summary>
    public string? Instance { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public DateTimeOffset? Eta { get; init; }

    public DateTimeOffset? RateLimitedUntil { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset? ErrorAt { get; init; }

    public int Attempts { get; init; }

    public required CoverageResponse Coverage { get; init; }

    public static StatusResponse From(BackfillStatus s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new StatusResponse
        {
            ClientId = s.ClientId.Value,
            ClientName = s.ClientName,
            Status = s.State.ToWire(),
            RunId = s.RunId,
            Parameters = ParametersResponse.From(s.Parameters),
            Phase = s.Phase,
            RangeStart = s.RangeStart,
            RangeEnd = s.RangeEnd,
            TotalDays = s.TotalDays,
            DaysCompleted = s.DaysCompleted,
            Percent = s.Percent,
            CurrentDate = s.CurrentDate,
            LastCompletedDate = s.LastCompletedDate,
            Timezone = s.TimeZone,
            Currency = s.Currency,
            Campaigns = s.Campaigns,
            Flows = s.Flows,
            Orders = s.Orders,
            SkippedEvents = s.SkippedEvents,
            DeletedOrders = s.DeletedOrders,
            FutureDatedEvents = s.FutureDatedEvents,
            UnmatchedRefunds = s.UnmatchedRefunds,
            RevenueByCurrency = s.RevenueByCurrency,
            KlaviyoRequests = s.KlaviyoRequests,
            KlaviyoThrottled = s.KlaviyoThrottled,
            Instance = s.Instance,
            StartedAt = s.StartedAt,
            UpdatedAt = s.UpdatedAt,
            CompletedAt = s.CompletedAt,
            Eta = s.Eta,
            RateLimitedUntil = s.RateLimitedUntil,
            Error = s.Error,
            ErrorAt = s.ErrorAt,
            Attempts = s.Attempts,
            Coverage = CoverageResponse.From(s.Coverage),
        };
    }
}
