using Backfill.Services.Backfill;
using Backfill.Services.Backfill.History;

namespace Backfill.Web.Endpoints.Backfill;

/// <summary>One run of the history (<c>backfill_status/{client_id}/runs/{run_id}</c>).</summary>
internal sealed record RunResponse
{
    public required string RunId { get; init; }

    public required string Kind { get; init; }

    public required ParametersResponse Parameters { get; init; }

    public required string Status { get; init; }

    public DateOnly? RangeStart { get; init; }

    public DateOnly? RangeEnd { get; init; }

    public int TotalDays { get; init; }

    public int DaysCompleted { get; init; }

    public long Orders { get; init; }

    public long DeletedOrders { get; init; }

    public long SkippedEvents { get; init; }

    public long FutureDatedEvents { get; init; }

    public required IReadOnlyDictionary<string, decimal> RevenueByCurrency { get; init; }

    public long KlaviyoRequests { get; init; }

    public long KlaviyoThrottled { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public string? Error { get; init; }

    public int Attempts { get; init; }

    public static RunResponse From(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new RunResponse
        {
            RunId = run.RunId,
            Kind = run.Parameters.Kind.ToWire(),
            Parameters = ParametersResponse.From(run.Parameters),
            Status = run.State.ToWire(),
            RangeStart = run.RangeStart,
            RangeEnd = run.RangeEnd,
            TotalDays = run.TotalDays,
            DaysCompleted = run.DaysCompleted,
            Orders = run.Orders,
            DeletedOrders = run.DeletedOrders,
            SkippedEvents = run.SkippedEvents,
            FutureDatedEvents = run.FutureDatedEvents,
            RevenueByCurrency = run.RevenueByCurrency,
            KlaviyoRequests = run.KlaviyoRequests,
            KlaviyoThrottled = run.KlaviyoThrottled,
            StartedAt = run.StartedAt,
            EndedAt = run.EndedAt,
            Error = run.Error,
            Attempts = run.Attempts,
        };
    }
}

/// <summary>A page of runs, newest first; pass <see cref="NextPageToken"/> as <c>page_token</c> for the next.</summary>
internal sealed record RunsResponse(string ClientId, IReadOnlyList<RunResponse> Runs, string? NextPageToken);

/// <summary>What refresh-all started, and which clients it skipped because they were busy.</summary>
internal sealed record RefreshAllResponse(
    string Status, IReadOnlyList<ClientRef> Started, IReadOnlyList<ClientRef> SkippedBusy, int? LookbackDays, bool IncludeToday, bool TestMode, string Message);
