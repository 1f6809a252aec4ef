using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Backfill.KlaviyoSandbox;

/// <summary>
/// <c>POST /api/metric-aggregates</c>, computed from the same generated events the events endpoint returns
/// (orders) or the same per-message counts the reports use (email/SMS engagement).
/// </summary>
internal static class SandboxAggregateEndpoints
{
    private static readonly string[] Measurements = ["count", "sum_value", "unique"];
    private static readonly string[] Intervals = ["day", "hour", "month", "week"];

    private static readonly string[] Dimensions =
    [
        "$attributed_channel", "$attributed_flow", "$attributed_message", "$attributed_variation", "$campaign_channel",
        "$flow", "$flow_channel", "$message", "$message_send_cohort", "$usage_amount", "$value_currency", "$variation",
        "$variation_send_cohort", "Bot Click", "Bounce Type", "Campaign Name", "Client Canonical", "Client Name",
        "Client Type", "Email Domain", "Failure Source", "Failure Type", "From Number", "From Phone Region",
        "Inbox Provider", "List", "Message Format", "Message Name", "Message Type", "Method", "Segment Count", "Subject",
        "To Number", "To Phone Region", "URL", "form_id",
    ];

    private static readonly Dictionary<string, string[]> FilterFields = BuildFilterFields();

    public static async Task<IResult> QueryAsync(HttpContext http, SandboxWorld world)
    {
        var catalog = SandboxGate.Catalog(http);
        var query = new SandboxQuery(http);
        using var body = await SandboxReportRequest.ReadBodyAsync(http);
        var a = SandboxReportRequest.Attributes(body, "metric-aggregate");
        var request = Parse(a, catalog);
        var result = Aggregate(catalog, SandboxGate.Changes(http), request, SandboxReversals.Cutoff(catalog, world.Time.GetUtcNow()));
        var rows = result.Rows.OrderBy(r => string.Join('\u001f', r.Key), StringComparer.Ordinal).ToList();
        var page = rows.Skip(request.Offset).Take(request.PageSize).ToList();
        var next = request.Offset + request.PageSize < rows.Count ? SandboxQuery.EncodeOffset(request.Offset + request.PageSize) : null;
        var id = SandboxIds.Hex32(SandboxRandom.HashString(body.RootElement.GetRawText() + catalog.Account.Slug));
        var self = query.ApiRoot + "metric-aggregates/";

        return SandboxResponses.Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("data");
            w.WriteString("type", "metric-aggregate");
            w.WriteString("id", id);
            w.WriteStartObject("attributes");
            w.WriteStartArray("dates");
            foreach (var start in result.BucketStarts)
            {
                w.WriteStringValue(SandboxDateLabel.Format(DateTimeOffset.FromUnixTimeSeconds(start), request.TimeZone, world.Options.DateLabels));
            }
            w.WriteEndArray();
            w.WriteStartArray("data");
            foreach (var row in page)
            {
                w.WriteStartObject();
                w.WriteStartArray("dimensions");
                foreach (var d in row.Key)
                {
                    w.WriteStringValue(d);
                }
                w.WriteEndArray();
                w.WriteStartObject("measurements");
                foreach (var m in request.Measurements)
                {
                    w.WriteStartArray(m);
                    for (var b = 0; b < result.BucketStarts.Length; b++)
                    {
                        switch (m)
                        {
                            case "count": w.WriteNumberValue(row.Value.Count[b]); break;
                            case "sum_value": w.WriteNumberValue(row.Value.Sum[b]); break;
                            default: w.WriteNumberValue(row.Value.Unique(b)); break;
                        }
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("links");
            w.WriteString("self", self);
            if (next is not null)
            {
                w.WriteString("next", next);
            }
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("links");
            w.WriteString("self", self);
            w.WriteEndObject();
            SandboxJsonApi.Meta(w);
            w.WriteEndObject();
        });
    }

    private sealed record AggregateRequest(
        SandboxMetric Metric,
        IReadOnlyList<string> Measurements,
        string Interval,
        TimeZoneInfo TimeZone,
        long From,
        long To,
        IReadOnlyList<string> By,
        IReadOnlyList<SandboxFilterTerm> DimensionFilters,
        int PageSize,
        int Offset);

    private sealed class Row(int buckets, bool distinct)
    {
        private readonly HashSet<int>[]? _customers = distinct ? new HashSet<int>[buckets] : null;
        private readonly long[] _unique = new long[buckets];

        public long[] Count { get; } = new long[buckets];

        public decimal[] Sum { get; } = new decimal[buckets];

        public long Unique(int bucket) => _customers is null ? _unique[bucket] : _customers[bucket]?.Count ?? 0;

        public void AddEvent(int bucket, decimal value, int customer)
        {
            Count[bucket]++;
            Sum[bucket] += value;
            (_customers![bucket] ??= []).Add(customer);
        }

        public void AddCounts(int bucket, long count, long unique)
        {
            Count[bucket] += count;
            _unique[bucket] += unique;
        }
    }

    private sealed record AggregateResult(long[] BucketStarts, Dictionary<string[], Row> Rows);

    private static AggregateResult Aggregate(SandboxCatalog catalog, SandboxChangeSet changes, AggregateRequest request, long cutoff)
    {
        var starts = BucketStarts(request);
        var rows = new Dictionary<string[], Row>(new KeyComparer());
        var isOrders = request.Metric.Kind is SandboxMetricKind.PlacedOrder or SandboxMetricKind.SecondaryPlacedOrder;
        var isReversals = request.Metric.Kind is SandboxMetricKind.RefundedOrder or SandboxMetricKind.CancelledOrder;
        Row RowFor(string[] key) => rows.TryGetValue(key, out var r) ? r : rows[key] = new Row(starts.Length, isOrders || isReversals);
        if (request.By.Count == 0)
        {
            RowFor([]);
        }

        var firstDay = Max(catalog.HistoryStart, catalog.LocalDay(request.From));
        var lastDay = Min(catalog.HistoryEnd, catalog.LocalDay(request.To - 1));
        if (isOrders)
        {
            var secondary = request.Metric.Kind == SandboxMetricKind.SecondaryPlacedOrder;
            for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
            {
                foreach (var order in SandboxOrders.OfDay(catalog, changes, day))
                {
                    if (order.Secondary != secondary || order.Timestamp < request.From || order.Timestamp >= request.To)
                    {
                        continue;
                    }
                    var target = order.AttributionKind == SandboxAttributionKind.None ? null : SandboxAttribution.Resolve(catalog, order);
                    var dims = new OrderDims(target, order.Currency);
                    if (!Passes(request, dims.Get))
                    {
                        continue;
                    }
                    RowFor([.. request.By.Select(dims.Get)]).AddEvent(Bucket(starts, order.Timestamp), order.Value, order.Customer);
                }
            }
        }
        else if (isReversals)
        {
            // The same reversals, read the same way, as GET /api/events lists; they carry no attribution.
            foreach (var reversals in SandboxReversals.ByDay(catalog, changes, firstDay, lastDay, descending: false, cutoff))
            {
                foreach (var reversal in reversals)
                {
                    if (reversal.MetricKind != request.Metric.Kind || reversal.Timestamp < request.From || reversal.Timestamp >= request.To)
                    {
                        continue;
                    }
                    var dims = new OrderDims(null, reversal.Order.Currency);
                    if (!Passes(request, dims.Get))
                    {
                        continue;
                    }
                    RowFor([.. request.By.Select(dims.Get)]).AddEvent(Bucket(starts, reversal.Timestamp), reversal.Value, reversal.Order.Customer);
                }
            }
        }
        else if (request.Metric.Kind != SandboxMetricKind.NoEvents)
        {
            var channel = request.Metric.Kind is SandboxMetricKind.ReceivedSms or SandboxMetricKind.ClickedSms ? "sms" : "email";
            foreach (var campaign in catalog.Campaigns.Where(c => c.WasSent && c.Channel == channel))
            {
                var ts = campaign.SendTime!.Value.ToUnixTimeSeconds();
                if (ts >= request.From && ts < request.To)
                {
                    Add(SandboxEngagement.ForCampaign(catalog, campaign), ts, campaign.Id, null, campaign.SendChannel);
                }
            }
            for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
            {
                var ts = SandboxEngagement.FlowSendInstant(catalog, day).ToUnixTimeSeconds();
                if (ts < request.From || ts >= request.To)
                {
                    continue;
                }
                foreach (var message in catalog.FlowMessages.Where(m => m.Channel == channel))
                {
                    Add(SandboxEngagement.ForFlowMessage(catalog, message, day), ts, message.Id, message.Flow.Id, message.SendChannel);
                }
            }
        }
        return new AggregateResult(starts, rows);

        void Add(SandboxEngagement e, long ts, string message, string? flow, string sendChannel)
        {
            var (count, unique) = request.Metric.Kind switch
            {
                SandboxMetricKind.ReceivedEmail or SandboxMetricKind.ReceivedSms => (e.Delivered, e.Delivered),
                SandboxMetricKind.OpenedEmail => (e.Opens, e.OpensUnique),
                _ => (e.Clicks, e.ClicksUnique),
            };
            if (count == 0)
            {
                return;
            }
            string Get(string dimension) => dimension switch
            {
                "$message" or "$attributed_message" => message,
                "$flow" or "$attributed_flow" => flow ?? string.Empty,
                "$attributed_channel" or "$campaign_channel" or "$flow_channel" => sendChannel,
                _ => string.Empty,
            };
            if (Passes(request, Get))
            {
                RowFor([.. request.By.Select(Get)]).AddCounts(Bucket(starts, ts), count, unique);
            }
        }
    }

    private readonly record struct OrderDims(SandboxAttributionTarget? Target, string Currency)
    {
        public string Get(string dimension) => dimension switch
        {
            "$attributed_message" or "$message" => Target?.MessageDimension ?? string.Empty,
            "$attributed_flow" or "$flow" => Target?.FlowId ?? string.Empty,
            "$attributed_channel" or "$campaign_channel" or "$flow_channel" => Target?.Channel ?? string.Empty,
            "$value_currency" => Currency,
            "Campaign Name" => Target?.Campaign?.Name ?? string.Empty,
            _ => string.Empty,
        };
    }

    private static bool Passes(AggregateRequest request, Func<string, string> dimension) =>
        request.DimensionFilters.All(t => t.Operator == "contains-any"
            ? t.Value.Items.Any(i => i.Text == dimension(t.Field))
            : t.Value.Text == dimension(t.Field));

    private static int Bucket(long[] starts, long ts)
    {
        var index = Array.BinarySearch(starts, ts);
        return index >= 0 ? index : Math.Max(0, ~index - 1);
    }

    private static long[] BucketStarts(AggregateRequest request)
    {
        var tz = request.TimeZone;
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(request.From), tz).DateTime;
        var t = request.Interval switch
        {
            "hour" => new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0, DateTimeKind.Unspecified),
            "day" => local.Date,
            "week" => local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7)),
            _ => new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified),
        };
        var starts = new List<long>();
        while (true)
        {
            var utc = ToUtc(t, tz);
            if (utc >= request.To)
            {
                break;
            }
            if (starts.Count == 0 || utc > starts[^1])
            {
                starts.Add(utc);
            }
            t = request.Interval switch
            {
                "hour" => t.AddHours(1),
                "day" => t.AddDays(1),
                "week" => t.AddDays(7),
                _ => t.AddMonths(1),
            };
        }
        return [.. starts];
    }

    private static long ToUtc(DateTime local, TimeZoneInfo tz)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (tz.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(30);
        }
        return new DateTimeOffset(unspecified, tz.GetUtcOffset(unspecified)).ToUnixTimeSeconds();
    }

    private static AggregateRequest Parse(JsonElement a, SandboxCatalog catalog)
    {
        var metricId = a.TryGetProperty("metric_id", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : null;
        if (metricId is null)
        {
            throw SandboxApiException.Invalid("'metric_id' is a required field.", pointer: "/data/attributes/metric_id");
        }
        var metric = catalog.FindMetric(metricId)
            ?? throw new SandboxApiException(404, "not_found", "Not found.", "Metric not found.", pointer: "/data/attributes/metric_id");
        var measurements = Strings(a, "measurements") ?? throw SandboxApiException.Invalid("'measurements' is a required field.", pointer: "/data/attributes/measurements");
        if (measurements.Count == 0 || measurements.Any(x => !Measurements.Contains(x, StringComparer.Ordinal)))
        {
            throw SandboxApiException.Invalid("'measurements' must be a non-empty list of count, sum_value, unique.", pointer: "/data/attributes/measurements");
        }
        var interval = a.TryGetProperty("interval", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : "day";
        if (!Intervals.Contains(interval, StringComparer.Ordinal))
        {
            throw SandboxApiException.Invalid("'interval' must be one of day, hour, month, week.", pointer: "/data/attributes/interval");
        }
        var tzName = a.TryGetProperty("timezone", out var tzElement) && tzElement.ValueKind == JsonValueKind.String ? tzElement.GetString()! : "UTC";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(tzName, out var tz))
        {
            throw SandboxApiException.Invalid(string.Create(CultureInfo.InvariantCulture, $"'{tzName}' is not a valid timezone."), pointer: "/data/attributes/timezone");
        }
        var by = Strings(a, "by") ?? [];
        foreach (var d in by.Where(d => !Dimensions.Contains(d, StringComparer.Ordinal)))
        {
            throw SandboxApiException.Invalid(string.Create(CultureInfo.InvariantCulture, $"'{d}' is not a valid 'by' dimension."), pointer: "/data/attributes/by");
        }
        var filters = Strings(a, "filter") ?? throw SandboxApiException.Invalid("'filter' is a required field.", pointer: "/data/attributes/filter");
        long? from = null;
        long? to = null;
        var dimensionFilters = new List<SandboxFilterTerm>();
        foreach (var text in filters)
        {
            foreach (var term in SandboxFilter.Parse(text, "metric-aggregate", FilterFields, "filter"))
            {
                if (term.Field != "datetime")
                {
                    dimensionFilters.Add(term);
                    continue;
                }
                if (term.Value.Kind != SandboxFilterValueKind.DateTime)
                {
                    throw SandboxApiException.InvalidFilter();
                }
                var instant = term.Value.HasOffset ? term.Value.Instant.ToUnixTimeSeconds() : ToUtc(term.Value.LocalDateTime, tz);
                if (term.Operator == "greater-or-equal")
                {
                    from = instant;
                }
                else
                {
                    to = instant;
                }
            }
        }
        if (from is null || to is null)
        {
            throw SandboxApiException.Invalid(
                "The filter must include a time range: greater-or-equal(datetime,...) and less-than(datetime,...).", pointer: "/data/attributes/filter");
        }
        if (to <= from || to - from > 366L * 86_400)
        {
            throw SandboxApiException.Invalid("The time range must be positive and at most 1 year.", pointer: "/data/attributes/filter");
        }
        var pageSize = a.TryGetProperty("page_size", out var ps) && ps.ValueKind == JsonValueKind.Number ? ps.GetInt32() : 500;
        if (pageSize is < 1 or > 10_000)
        {
            throw SandboxApiException.Invalid("'page_size' must be between 1 and 10000.", pointer: "/data/attributes/page_size");
        }
        var offset = 0;
        if (a.TryGetProperty("page_cursor", out var pc) && pc.ValueKind == JsonValueKind.String && pc.GetString() is { Length: > 0 } cursor)
        {
            try
            {
                var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
                offset = int.Parse(decoded.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                throw SandboxApiException.Invalid("Invalid page cursor.", pointer: "/data/attributes/page_cursor");
            }
        }
        return new AggregateRequest(metric, measurements, interval, tz, from.Value, to.Value, by, dimensionFilters, pageSize, offset);
    }

    private static List<string>? Strings(JsonElement a, string name)
    {
        if (!a.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (e.ValueKind != JsonValueKind.Array || e.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
        {
            throw SandboxApiException.Invalid(string.Create(CultureInfo.InvariantCulture, $"'{name}' must be a list of strings."), pointer: "/data/attributes/" + name);
        }
        return [.. e.EnumerateArray().Select(x => x.GetString()!)];
    }

    private static Dictionary<string, string[]> BuildFilterFields()
    {
        var fields = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["datetime"] = ["greater-or-equal", "less-than"] };
        foreach (var d in Dimensions)
        {
            fields[d] = ["equals", "contains-any"];
        }
        return fields;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private sealed class KeyComparer : IEqualityComparer<string[]>
    {
        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(string[] obj)
        {
            var hash = new HashCode();
            foreach (var s in obj)
            {
                hash.Add(s, StringComparer.Ordinal);
            }
            return hash.ToHashCode();
        }
    }
}
