using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.History;

/// <summary><c>backfill_status/{client_id}/runs/{run_id}</c> ↔ <see cref="RunRecord"/>, written from the status with every save.</summary>
public static class RunDocument
{
    public static RunRecord FromStatus(BackfillStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new RunRecord
        {
            RunId = status.RunId ?? throw new ArgumentException("the status has no run", nameof(status)),
            Parameters = status.Parameters,
            State = status.State,
            RangeStart = status.RangeStart,
            RangeEnd = status.RangeEnd,
            TotalDays = status.TotalDays,
            DaysCompleted = status.DaysCompleted,
            Orders = status.Orders,
            DeletedOrders = status.DeletedOrders,
            SkippedEvents = status.SkippedEvents,
            FutureDatedEvents = status.FutureDatedEvents,
            RevenueByCurrency = status.RevenueByCurrency,
            KlaviyoRequests = status.KlaviyoRequests,
            KlaviyoThrottled = status.KlaviyoThrottled,
            StartedAt = status.StartedAt,
            EndedAt = status.State switch
            {
                BackfillState.Completed => status.CompletedAt,
                BackfillState.Failed => status.ErrorAt,
                BackfillState.Cancelled => status.UpdatedAt,
                _ => null,
            },
            Error = status.State == BackfillState.Failed ? status.Error : null,
            Attempts = status.Attempts,
        };
    }

    public static IReadOnlyDictionary<string, object?> ToFields(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new Dictionary<string, object?>
        {
            ["run_id"] = run.RunId,
            ["kind"] = run.Parameters.Kind.ToWire(),
            ["parameters"] = BackfillStatusDocument.ParametersFields(run.Parameters),
            ["status"] = run.State.ToWire(),
            ["range_start"] = Fields.Format(run.RangeStart),
            ["range_end"] = Fields.Format(run.RangeEnd),
            ["total_days"] = run.TotalDays,
            ["days_completed"] = run.DaysCompleted,
            ["orders"] = run.Orders,
            ["deleted_orders"] = run.DeletedOrders,
            ["skipped_events"] = run.SkippedEvents,
            ["future_dated_events"] = run.FutureDatedEvents,
            ["revenue_by_currency"] = run.RevenueByCurrency.ToDictionary(p => p.Key, p => (object?)p.Value),
            ["klaviyo_requests"] = run.KlaviyoRequests,
            ["klaviyo_throttled"] = run.KlaviyoThrottled,
            ["started_at"] = run.StartedAt,
            ["ended_at"] = run.EndedAt,
            ["error"] = run.Error,
            ["attempts"] = run.Attempts,
        };
    }

    public static RunRecord FromDocument(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var f = document.Fields;
        return new RunRecord
        {
            RunId = document.Id,
            Parameters = BackfillStatusDocument.ReadParameters(f.Map("parameters")),
            State = BackfillStates.FromWire(f.String("status")),
            RangeStart = f.Date("range_start"),
            RangeEnd = f.Date("range_end"),
            TotalDays = (int)f.Long("total_days"),
            DaysCompleted = (int)f.Long("days_completed"),
            Orders = f.Long("orders"),
            DeletedOrders = f.Long("deleted_orders"),
            SkippedEvents = f.Long("skipped_events"),
            FutureDatedEvents = f.Long("future_dated_events"),
            RevenueByCurrency = f.MoneyMap("revenue_by_currency"),
            KlaviyoRequests = f.Long("klaviyo_requests"),
            KlaviyoThrottled = f.Long("klaviyo_throttled"),
            StartedAt = f.Time("started_at"),
            EndedAt = f.Time("ended_at"),
            Error = f.String("error"),
            Attempts = (int)f.Long("attempts"),
        };
    }
}
