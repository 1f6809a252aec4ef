using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Backfill.KlaviyoSandbox;

/// <summary>A validated reporting request; the timeframe is in account-local wall-clock time.</summary>
internal sealed record SandboxReportRequest(
    IReadOnlyList<string> Statistics,
    DateTime Start,
    DateTime End,
    SandboxMetric ConversionMetric,
    string? Interval,
    IReadOnlyList<string> GroupBy,
    IReadOnlyList<SandboxFilterTerm> Filters)
{
    public static readonly string[] AllStatistics =
    [
        "average_order_value", "bounce_rate", "bounced", "bounced_or_failed", "bounced_or_failed_rate", "click_rate",
        "click_to_open_rate", "clicks", "clicks_unique", "conversion_rate", "conversion_uniques", "conversion_value",
        "conversions", "delivered", "delivery_rate", "failed", "failed_rate", "message_segment_count_sum", "open_rate",
        "opens", "opens_unique", "recipients", "revenue_per_recipient", "spam_complaint_rate", "spam_complaints",
        "text_message_credit_usage_amount", "text_message_roi", "text_message_spend", "unsubscribe_rate",
        "unsubscribe_uniques", "unsubscribes",
    ];

    private static readonly string[] Keys =
    [
        "last_12_months", "last_30_days", "last_365_days", "last_3_months", "last_7_days", "last_90_days", "last_month",
        "last_week", "last_year", "this_month", "this_week", "this_year", "today", "yesterday",
    ];

    private static readonly string[] SendChannels = ["email", "sms", "push-notification", "whatsapp"];

    public static async Task<JsonDocument> ReadBodyAsync(HttpContext http)
    {
        var contentType = http.Request.ContentType ?? string.Empty;
        if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            && !contentType.StartsWith("application/vnd.api+json", StringComparison.OrdinalIgnoreCase))
        {
            throw new SandboxApiException(415, "unsupported_media_type", "Unsupported media type.",
                string.Create(CultureInfo.InvariantCulture, $"Unsupported media type \"{contentType}\" in request."));
        }
        try
        {
            return await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
        }
        catch (JsonException)
        {
            throw new SandboxApiException(400, "parse_error", "Malformed request.", "JSON parse error.");
        }
    }

    /// <summary>Returns <c>data.attributes</c> after checking <c>data.type</c>.</summary>
    public static JsonElement Attributes(JsonDocument body, string type)
    {
        var root = body.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw SandboxApiException.Invalid("'data' is a required field.", pointer: "/data");
        }
        if (!data.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String || t.GetString() != type)
        {
            throw new SandboxApiException(409, "conflict", "Conflict.",
                string.Create(CultureInfo.InvariantCulture, $"The type of the resource must be '{type}'."), pointer: "/data/type");
        }
        if (!data.TryGetProperty("attributes", out var attributes) || attributes.ValueKind != JsonValueKind.Object)
        {
            throw SandboxApiException.Invalid("'attributes' is a required field.", pointer: "/data/attributes");
        }
        return attributes;
    }

    public static SandboxReportRequest Parse(
        JsonElement a, SandboxCatalog catalog, DateTimeOffset now, bool series, string[] allowedGroupBy, string[] requiredGroupBy,
        string[] defaultGroupBy, IReadOnlyDictionary<string, string[]> filterFields)
    {
        var statistics = StringArray(a, "statistics", required: true)!;
        if (statistics.Count == 0)
        {
            throw SandboxApiException.Invalid("'statistics' must contain at least one statistic.", pointer: "/data/attributes/statistics");
        }
        foreach (var stat in statistics.Where(s => !AllStatistics.Contains(s, StringComparer.Ordinal)))
        {
            throw SandboxApiException.Invalid(string.Create(CultureInfo.InvariantCulture, $"'{stat}' is not a valid statistic."), pointer: "/data/attributes/statistics");
        }
        var (start, end) = Timeframe(a, catalog, now);
        if (end <= start)
        {
            throw SandboxApiException.Invalid("The timeframe end must be after its start.", pointer: "/data/attributes/timeframe");
        }
        if (end > start.AddYears(1))
        {
            throw SandboxApiException.Invalid("The timeframe cannot be longer than 1 year.", pointer: "/data/attributes/timeframe");
        }

        string? interval = null;
        if (series)
        {
            interval = a.TryGetProperty("interval", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            var span = end - start;
            var (ok, message) = interval switch
            {
                null => (false, "'interval' is a required field."),
                "hourly" => (span <= TimeSpan.FromDays(7), "When using an hourly interval, the timeframe cannot be longer than 7 days."),
                "daily" => (span <= TimeSpan.FromDays(60), "When using a daily interval, the timeframe cannot be longer than 60 days."),
                "weekly" => (true, string.Empty),
                "monthly" => (span <= TimeSpan.FromDays(7 * 52), "When using a monthly interval, the timeframe cannot be longer than 52 weeks."),
                _ => (false, "'interval' must be one of daily, hourly, monthly, weekly."),
            };
            if (!ok)
            {
                throw SandboxApiException.Invalid(message, pointer: "/data/attributes/interval");
            }
        }

        if (!a.TryGetProperty("conversion_metric_id", out var metricElement) || metricElement.ValueKind != JsonValueKind.String)
        {
            throw SandboxApiException.Invalid("'conversion_metric_id' is a required field.", pointer: "/data/attributes/conversion_metric_id");
        }
        var metric = catalog.FindMetric(metricElement.GetString()!)
            ?? throw SandboxApiException.Invalid("The conversion metric could not be found.", pointer: "/data/attributes/conversion_metric_id");
        if (metric.Kind is not (SandboxMetricKind.PlacedOrder or SandboxMetricKind.SecondaryPlacedOrder or SandboxMetricKind.NoEvents))
        {
            throw SandboxApiException.Invalid("Passed in conversion metric does not support querying for values data", pointer: "/data/attributes/conversion_metric_id");
        }

        var groupBy = StringArray(a, "group_by", required: false) ?? defaultGroupBy;
        foreach (var g in groupBy.Where(g => !allowedGroupBy.Contains(g, StringComparer.Ordinal)))
        {
            throw SandboxApiException.Invalid(string.Create(CultureInfo.InvariantCulture, $"'{g}' is not a supported group_by attribute."), pointer: "/data/attributes/group_by");
        }
        foreach (var r in requiredGroupBy.Where(r => !groupBy.Contains(r, StringComparer.Ordinal)))
        {
            throw SandboxApiException.Invalid(string.Create(CultureInfo.InvariantCulture, $"'group_by' must include '{r}'."), pointer: "/data/attributes/group_by");
        }

        var filterText = a.TryGetProperty("filter", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        var filters = SandboxFilter.Parse(filterText, "report", filterFields, "filter");
        foreach (var term in filters)
        {
            var values = term.Operator == "contains-any" ? term.Value.Items : [term.Value];
            if (values.Count == 0 || values.Count > 100 || values.Any(v => v.Kind != SandboxFilterValueKind.String))
            {
                throw SandboxApiException.InvalidFilter();
            }
            if (term.Field == "send_channel" && values.Any(v => !SendChannels.Contains(v.Text, StringComparer.Ordinal)))
            {
                throw SandboxApiException.Invalid("When filtering on send_channel, allowed values are email, sms, push-notification, whatsapp.", pointer: "/data/attributes/filter");
            }
        }
        return new SandboxReportRequest(statistics, start, end, metric, interval, groupBy, filters);
    }

    public bool Matches(string field, string value) =>
        Filters.Where(t => t.Field == field).All(t =>
            t.Operator == "contains-any" ? t.Value.Items.Any(i => i.Text == value) : t.Value.Text == value);

    private static IReadOnlyList<string>? StringArray(JsonElement a, string name, bool required)
    {
        if (!a.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return required
                ? throw SandboxApiException.Invalid(string.Create(CultureInfo.InvariantCulture, $"'{name}' is a required field."), pointer: "/data/attributes/" + name)
                : null;
        }
        if (element.ValueKind != JsonValueKind.Array || element.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw SandboxApiException.Invalid(string.Create(CultureInfo.InvariantCulture, $"'{name}' must be a list of strings."), pointer: "/data/attributes/" + name);
        }
        return [.. element.EnumerateArray().Select(e => e.GetString()!)];
    }

    private static (DateTime Start, DateTime End) Timeframe(JsonElement a, SandboxCatalog catalog, DateTimeOffset now)
    {
        if (!a.TryGetProperty("timeframe", out var tf) || tf.ValueKind != JsonValueKind.Object)
        {
            throw SandboxApiException.Invalid("'timeframe' is a required field.", pointer: "/data/attributes/timeframe");
        }
        if (tf.TryGetProperty("key", out var keyElement))
        {
            var key = keyElement.ValueKind == JsonValueKind.String ? keyElement.GetString()! : string.Empty;
            if (!Keys.Contains(key, StringComparer.Ordinal))
            {
                throw SandboxApiException.Invalid(string.Create(CultureInfo.InvariantCulture, $"'{key}' is not a valid timeframe key."), pointer: "/data/attributes/timeframe/key");
            }
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, catalog.Account.TimeZone).DateTime);
            var month = new DateOnly(today.Year, today.Month, 1);
            var week = today.AddDays(-(int)today.DayOfWeek);
            var (from, to) = key switch
            {
                "today" => (today, today.AddDays(1)),
                "yesterday" => (today.AddDays(-1), today),
                "last_7_days" => (today.AddDays(-7), today),
                "last_30_days" => (today.AddDays(-30), today),
                "last_90_days" => (today.AddDays(-90), today),
                "last_365_days" => (today.AddDays(-365), today),
                "last_3_months" => (month.AddMonths(-3), month),
                "last_12_months" => (month.AddMonths(-12), month),
                "last_month" => (month.AddMonths(-1), month),
                "last_week" => (week.AddDays(-7), week),
                "last_year" => (new DateOnly(today.Year - 1, 1, 1), new DateOnly(today.Year, 1, 1)),
                "this_week" => (week, today.AddDays(1)),
                "this_month" => (month, today.AddDays(1)),
                _ => (new DateOnly(today.Year, 1, 1), today.AddDays(1)),
            };
            return (from.ToDateTime(TimeOnly.MinValue), to.ToDateTime(TimeOnly.MinValue));
        }
        return (WallClock(tf, "start"), WallClock(tf, "end"));
    }

    /// <summary>Klaviyo ignores the offset of custom timeframes and reads the clock time in the account timezone.</summary>
    private static DateTime WallClock(JsonElement tf, string name)
    {
        if (tf.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(e.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return DateTime.SpecifyKind(value.DateTime, DateTimeKind.Unspecified);
        }
        throw SandboxApiException.Invalid(
            string.Create(CultureInfo.InvariantCulture, $"'timeframe.{name}' must be an ISO 8601 datetime."), pointer: "/data/attributes/timeframe/" + name);
    }
}
