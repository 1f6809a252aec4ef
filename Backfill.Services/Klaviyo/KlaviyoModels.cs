using System.Text.Json;

namespace Backfill.Services.Klaviyo;

/// <summary>The account behind a key. Reporting and daily buckets use <paramref name="TimeZone"/>.</summary>
public sealed record KlaviyoAccount(string Id, string TimeZone, string Currency, string? Locale, string? OrganizationName, bool TestAccount);

/// <summary>A metric such as "Placed Order"; <paramref name="IntegrationName"/> tells Shopify from API-sent metrics.</summary>
public sealed record KlaviyoMetric(
    string Id,
    string Name,
    string? IntegrationName,
    string? IntegrationKey,
    string? IntegrationCategory,
    DateTimeOffset? Created,
    DateTimeOffset? Updated);

/// <summary>A campaign with its messages (from <c>include=campaign-messages</c>).</summary>
public sealed record KlaviyoCampaign(
    string Id,
    string Name,
    string? Status,
    string Channel,
    bool Archived,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset? SendTime,
    IReadOnlyList<KlaviyoCampaignMessage> Messages,
    KlaviyoAudiences? Audiences = null);

/// <summary>The lists and segments a campaign was sent to and the ones it excluded.</summary>
public sealed record KlaviyoAudiences(IReadOnlyList<string> Included, IReadOnlyList<string> Excluded);

/// <summary>One message of a campaign; email fields are null for SMS/push and vice versa.</summary>
public sealed record KlaviyoCampaignMessage(
    string Id,
    string? Channel,
    string? Label,
    string? Subject,
    string? PreviewText,
    string? FromEmail,
    string? FromLabel,
    string? Body,
    IReadOnlyList<DateTimeOffset> SendTimes);

/// <summary>A flow (automation).</summary>
public sealed record KlaviyoFlow(
    string Id,
    string Name,
    string? Status,
    bool Archived,
    string? TriggerType,
    DateTimeOffset? Created,
    DateTimeOffset? Updated);

/// <summary>
/// One event as Klaviyo sent it, with its included profile and attribution resources resolved. The raw
/// elements are detached copies, safe to keep after the page is gone. Read from Klaviyo, an event keeps them as the
/// UTF-8 bytes of the response and parses them on every read of <see cref="Resource"/>, <see cref="Profile"/>,
/// <see cref="Attributions"/> and <see cref="EventProperties"/> (a page of 1,000 events is held while it is read:
/// parsed, each element's token metadata costs about its bytes again).
/// </summary>
public sealed class KlaviyoEvent
{
    private readonly JsonElement _resource;
    private readonly JsonElement? _profile;
    private readonly IReadOnlyList<JsonElement>? _attributions;
    private readonly byte[]? _resourceUtf8;
    private readonly byte[]? _profileUtf8;
    private readonly IReadOnlyList<byte[]>? _attributionsUtf8;

    public KlaviyoEvent(string id, DateTimeOffset datetime, JsonElement resource, JsonElement? profile, IReadOnlyList<JsonElement> attributions)
    {
        Id = id;
        Datetime = datetime;
        _resource = resource;
        _profile = profile;
        _attributions = attributions;
    }

    internal KlaviyoEvent(string id, DateTimeOffset datetime, byte[] resource, byte[]? profile, IReadOnlyList<byte[]> attributions)
    {
        Id = id;
        Datetime = datetime;
        _resourceUtf8 = resource;
        _profileUtf8 = profile;
        _attributionsUtf8 = attributions;
    }

    public string Id { get; }

    public DateTimeOffset Datetime { get; }

    /// <summary>The event resource as Klaviyo sent it.</summary>
    public JsonElement Resource => _resourceUtf8 is { } utf8 ? Client.JsonApiDocument.ParseElement(utf8) : _resource;

    /// <summary>The included profile the event points at, if it was included.</summary>
    public JsonElement? Profile => _profileUtf8 is { } utf8 ? Client.JsonApiDocument.ParseElement(utf8) : _resourceUtf8 is null ? _profile : null;

    /// <summary>The included attributions the event points at.</summary>
    public IReadOnlyList<JsonElement> Attributions =>
        _attributionsUtf8 is { } utf8 ? [.. utf8.Select(Client.JsonApiDocument.ParseElement)] : _attributions ?? [];

    /// <summary><c>attributes.event_properties</c>, or an undefined element when absent.</summary>
    public JsonElement EventProperties => PropertiesOf(Resource);

    /// <summary>
    /// <c>attributes.event_properties</c> of an event resource already read from <see cref="Resource"/> (each read of
    /// <see cref="EventProperties"/> parses the event again).
    /// </summary>
    public static JsonElement PropertiesOf(JsonElement resource) =>
        resource.ValueKind == JsonValueKind.Object
        && resource.TryGetProperty("attributes", out var attributes) && attributes.ValueKind == JsonValueKind.Object
        && attributes.TryGetProperty("event_properties", out var properties)
            ? properties
            : default;

    /// <summary>
    /// <see cref="PropertiesOf"/> of this event's <paramref name="resource"/> (as read from <see cref="Resource"/>) as its
    /// UTF-8 bytes, or null when it has none. Read from Klaviyo, the bytes are a slice of the event's own (the resource
    /// is parsed over them, not copied): nothing is copied or decoded, however large the order.
    /// </summary>
    public RawJson? RawPropertiesOf(JsonElement resource)
    {
        var properties = PropertiesOf(resource);
        if (properties.ValueKind == JsonValueKind.Undefined)
        {
            return null;
        }

        var utf8 = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(properties);
        var raw = _resourceUtf8 is { } own && ((ReadOnlySpan<byte>)own).Overlaps(utf8, out var offset)
            ? RawJson.FromUtf8(own.AsMemory(offset, utf8.Length))
            : RawJson.FromUtf8(utf8.ToArray());

        // Invalid UTF-8: GetRawText throws for it, as it did when raw properties were read as a string.
        return raw ?? RawJson.FromString(properties.GetRawText());
    }
}

/// <summary>
/// A reporting timeframe as wall-clock times in the account's timezone (Klaviyo ignores any offset);
/// <paramref name="End"/> is exclusive.
/// </summary>
public sealed record KlaviyoTimeframe(DateTime Start, DateTime End);

/// <summary>Request for campaign or flow values (totals).</summary>
public sealed record KlaviyoValuesQuery(
    IReadOnlyList<string> Statistics,
    KlaviyoTimeframe Timeframe,
    string ConversionMetricId,
    IReadOnlyList<string>? GroupBy = null,
    string? Filter = null);

/// <summary>Request for a flow series; the client splits long timeframes into windows Klaviyo accepts.</summary>
public sealed record KlaviyoSeriesQuery(
    IReadOnlyList<string> Statistics,
    KlaviyoTimeframe Timeframe,
    string ConversionMetricId,
    KlaviyoSeriesInterval Interval = KlaviyoSeriesInterval.Daily,
    IReadOnlyList<string>? GroupBy = null,
    string? Filter = null);

public enum KlaviyoSeriesInterval
{
    Hourly,
    Daily,
    Weekly,
    Monthly,
}

/// <summary>Values report rows: one per grouping (campaign/flow message × channel …).</summary>
public sealed record KlaviyoValuesReport(IReadOnlyList<KlaviyoValuesRow> Results);

public sealed record KlaviyoValuesRow(IReadOnlyDictionary<string, string?> Groupings, IReadOnlyDictionary<string, decimal?> Statistics);

/// <summary>
/// Series report: every statistic array is aligned by index with <see cref="BucketStarts"/>, the account-local
/// wall-clock start of each bucket (Kind Unspecified: a calendar reading, not an instant; use <see cref="Day"/>).
/// </summary>
public sealed record KlaviyoSeriesReport(IReadOnlyList<DateTime> BucketStarts, IReadOnlyList<KlaviyoSeriesRow> Results)
{
    /// <summary>The account-local day bucket <paramref name="index"/> starts on.</summary>
    public DateOnly Day(int index) => DateOnly.FromDateTime(BucketStarts[index]);
}

public sealed record KlaviyoSeriesRow(IReadOnlyDictionary<string, string?> Groupings, IReadOnlyDictionary<string, IReadOnlyList<decimal?>> Statistics);

/// <summary>Request for <c>POST /api/metric-aggregates</c>; times are wall-clock in <paramref name="TimeZone"/>, end exclusive.</summary>
public sealed record KlaviyoAggregateQuery(
    string MetricId,
    DateTime Start,
    DateTime End,
    string TimeZone,
    IReadOnlyList<string>? Measurements = null,
    string Interval = "day",
    IReadOnlyList<string>? By = null);

/// <summary>
/// Aggregates: one row per dimension combination, measurement arrays aligned with <see cref="BucketStarts"/>, the
/// wall-clock start of each bucket in the query's timezone (Kind Unspecified: a calendar reading, not an instant;
/// use <see cref="Day"/>).
/// </summary>
public sealed record KlaviyoMetricAggregate(IReadOnlyList<DateTime> BucketStarts, IReadOnlyList<KlaviyoAggregateRow> Rows)
{
    /// <summary>The day, in the query's timezone, bucket <paramref name="index"/> starts on.</summary>
    public DateOnly Day(int index) => DateOnly.FromDateTime(BucketStarts[index]);
}

public sealed record KlaviyoAggregateRow(IReadOnlyList<string> Dimensions, IReadOnlyDictionary<string, IReadOnlyList<decimal?>> Measurements);

/// <summary>Requests sent (every attempt, retries included) and 429 responses seen by one client.</summary>
public readonly record struct KlaviyoClientStatistics(long Requests, long Throttled);
