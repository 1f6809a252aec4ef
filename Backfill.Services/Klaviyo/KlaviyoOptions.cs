using System.ComponentModel.DataAnnotations;

namespace Backfill.Services.Klaviyo;

/// <summary>
/// Settings shared by every Klaviyo account this process talks to (configuration section <c>Klaviyo</c>).
/// API keys are deliberately absent: each account's key travels in its <see cref="KlaviyoAccountContext"/>.
/// </summary>
public sealed class KlaviyoOptions
{
    public const string SectionName = "Klaviyo";

    /// <summary>Root of the API; paths such as <c>api/events</c> are resolved against it. Default <c>https://a.klaviyo.com/</c>.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://a.klaviyo.com/");

    /// <summary>The <c>revision</c> header pinned on every request. Default <c>2026-07-15</c>.</summary>
    [Required, RegularExpression(@"^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$")]
    public string Revision { get; set; } = "2026-07-15";

    /// <summary>Time allowed for one HTTP attempt (headers and body). Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed for one logical call including retries and rate-limit waits. Default 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The longest the client will wait for a rate-limit window before giving up with
    /// <see cref="KlaviyoRateLimitedException"/> (so a daily quota never parks a caller for hours). Default 2 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retry settings for 408, 429, 5xx, network errors and attempt timeouts.</summary>
    [Required]
    public KlaviyoRetryOptions Retry { get; set; } = new();

    /// <summary>
    /// Per-bucket overrides of the documented limits, keyed by bucket name (<c>accounts</c>, <c>campaigns</c>, <c>flows</c>,
    /// <c>metrics</c>, <c>events</c>, <c>metric-aggregates</c>, <c>campaign-values-reports</c>, <c>flow-values-reports</c>,
    /// <c>flow-series-reports</c>). Unset values keep Klaviyo's published limits.
    /// </summary>
    public Dictionary<string, KlaviyoBucketLimitOverride> Limits { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many time slices <see cref="IKlaviyoClient.GetEventsInParallelSlicesAsync"/> fetches at once. Default 4.</summary>
    [Range(1, 32)]
    public int EventSliceParallelism { get; set; } = 4;

    /// <summary>
    /// Shortest time slice of an order stream, in days. Default 2: every slice ends on a partly filled page, so a
    /// refresh of a few days cut finer would spend requests on near-empty pages. 0 slices by parallelism alone.
    /// </summary>
    [Range(0, 31)]
    public int MinEventSliceDays { get; set; } = 2;

    /// <summary>
    /// Shortest time slice of a sparse stream (Refunded and Cancelled Order: a few percent of the orders), in days.
    /// Default 90: a refresh's refund window (about 67 days) is one request per metric instead of sixteen near-empty
    /// pages, and a year is four slices.
    /// </summary>
    [Range(1, 3660)]
    public int MinSparseEventSliceDays { get; set; } = 90;

    /// <summary>
    /// Longest time slice of an order stream, in days. Default 46 (an eighth of a year): a range longer than about
    /// two years is cut into more than 4 × <see cref="EventSliceParallelism"/> slices, so the few slices fetched ahead
    /// of the one being read hold as much as a 1-year run's, not a tenth of the range each (memory stays flat in
    /// the range's length at the price of one partly filled page per extra slice). 0 leaves slices uncapped.
    /// </summary>
    [Range(0, 3660)]
    public int MaxEventSliceDays { get; set; } = 46;
}

/// <summary>Capped exponential backoff with jitter; a 429's <c>Retry-After</c> always wins over the computed delay.</summary>
public sealed class KlaviyoRetryOptions
{
    /// <summary>Retries after the first attempt. Default 5.</summary>
    [Range(0, 20)]
    public int MaxRetryAttempts { get; set; } = 5;

    /// <summary>First backoff delay; doubles per retry. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on one backoff delay. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Randomise delays so parallel callers do not retry in lockstep. Default true.</summary>
    public bool UseJitter { get; set; } = true;
}

/// <summary>Overrides for one endpoint bucket; <c>null</c> keeps the published value, 0 disables that window.</summary>
public sealed class KlaviyoBucketLimitOverride
{
    /// <summary>Requests per second.</summary>
    [Range(0, 100_000)]
    public int? Burst { get; set; }

    /// <summary>Requests per minute.</summary>
    [Range(0, 1_000_000)]
    public int? Steady { get; set; }

    /// <summary>Requests per day.</summary>
    [Range(0, 10_000_000)]
    public int? Daily { get; set; }
}
