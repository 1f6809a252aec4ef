using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Documents;

/// <summary><c>backfill_status/{client_id}</c> ↔ <see cref="BackfillStatus"/>. Field names are the API's.</summary>
public static class BackfillStatusDocument
{
    public static IReadOnlyDictionary<string, object?> ToFields(BackfillStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new Dictionary<string, object?>
        {
            ["client_id"] = status.ClientId.Value,
            ["client_name"] = status.ClientName,
            ["status"] = status.State.ToWire(),
            ["run_id"] = status.RunId,
            ["parameters"] = ParametersFields(status.Parameters),
            ["phase"] = status.Phase,
            ["range_start"] = Fields.Format(status.RangeStart),
            ["range_end"] = Fields.Format(status.RangeEnd),
            ["total_days"] = status.TotalDays,
            ["days_completed"] = status.DaysCompleted,
            ["percent"] = status.Percent,
            ["current_date"] = Fields.Format(status.CurrentDate),
            ["last_completed_date"] = Fields.Format(status.LastCompletedDate),
            ["timezone"] = status.TimeZone,
            ["currency"] = status.Currency,
            ["campaigns"] = status.Campaigns,
            ["flows"] = status.Flows,
            ["orders"] = status.Orders,
            ["skipped_events"] = status.SkippedEvents,
            ["deleted_orders"] = status.DeletedOrders,
            ["future_dated_events"] = status.FutureDatedEvents,
            ["unmatched_refunds"] = status.UnmatchedRefunds,
            ["revenue_by_currency"] = status.RevenueByCurrency.ToDictionary(p => p.Key, p => (object?)p.Value),
            ["klaviyo_requests"] = status.KlaviyoRequests,
            ["klaviyo_throttled"] = status.KlaviyoThrottled,
            ["started_at"] = status.StartedAt,
            ["updated_at"] = status.UpdatedAt,
            ["completed_at"] = status.CompletedAt,
            ["eta"] = status.Eta,
            ["rate_limited_until"] = status.RateLimitedUntil,
            ["error"] = status.Error,
            ["error_at"] = status.ErrorAt,
            ["attempts"] = status.Attempts,
            ["instance"] = status.Instance,
            ["coverage"] = CoverageFields.ToFields(status.Coverage),
        };
    }

    public static IReadOnlyDictionary<string, object?> ParametersFields(BackfillParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new Dictionary<string, object?>
        {
            ["kind"] = parameters.Kind.ToWire(),
            ["years"] = parameters.Years,
            ["days"] = parameters.Days,
            ["lookback_days"] = parameters.LookbackDays,
            ["include_today"] = parameters.IncludeToday,
            ["include_orders"] = parameters.IncludeOrders,
            ["test_mode"] = parameters.TestMode,
            ["dates"] = parameters.Dates?.Select(d => (object?)DataLayout.FormatDate(d)).ToList(),
        };
    }

    public static BackfillParameters ReadParameters(IReadOnlyDictionary<string, object?> p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new BackfillParameters(
            p.NullableInt("years"), p.NullableInt("days"), !p.ContainsKey("include_orders") || p.Bool("include_orders"), p.Bool("test_mode"),
            RunKinds.FromWire(p.String("kind")), p.NullableInt("lookback_days"), p.Bool("include_today"),
            p.ContainsKey("dates") && p["dates"] is IReadOnlyList<object?> dates
                ? [.. dates.OfType<string>().Select(d => DateOnly.ParseExact(d, DataLayout.DateFormat, System.Globalization.CultureInfo.InvariantCulture))]
                : null);
    }

    public static BackfillStatus FromDocument(ClientId clientId, string clientName, Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var f = document.Fields;
        var p = f.Map("parameters");
        return new BackfillStatus
        {
            ClientId = clientId,
            ClientName = clientName,
            State = BackfillStates.FromWire(f.String("status")),
            RunId = f.String("run_id"),
            Parameters = ReadParameters(f.Map("parameters")),
            Phase = f.String("phase"),
            RangeStart = f.Date("range_start"),
            RangeEnd = f.Date("range_end"),
            TotalDays = (int)f.Long("total_days"),
            DaysCompleted = (int)f.Long("days_completed"),
            CurrentDate = f.Date("current_date"),
            LastCompletedDate = f.Date("last_completed_date"),
            TimeZone = f.String("timezone"),
            Currency = f.String("currency"),
            Campaigns = f.Long("campaigns"),
            Flows = f.Long("flows"),
            Orders = f.Long("orders"),
            SkippedEvents = f.Long("skipped_events"),
            DeletedOrders = f.Long("deleted_orders"),
            FutureDatedEvents = f.Long("future_dated_events"),
            UnmatchedRefunds = f.Long("unmatched_refunds"),
            RevenueByCurrency = f.MoneyMap("revenue_by_currency"),
            KlaviyoRequests = f.Long("klaviyo_requests"),
            KlaviyoThrottled = f.Long("klaviyo_throttled"),
            StartedAt = f.Time("started_at"),
            UpdatedAt = f.Time("updated_at"),
            CompletedAt = f.Time("completed_at"),
            Eta = f.Time("eta"),
            RateLimitedUntil = f.Time("rate_limited_until"),
            Error = f.String("error"),
            ErrorAt = f.Time("error_at"),
            Attempts = (int)f.Long("attempts"),
            Instance = f.String("instance"),
            Coverage = CoverageFields.FromFields(f.Map("coverage")),
        };
    }
}
