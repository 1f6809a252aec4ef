namespace Backfill.Services.Klaviyo.RateLimiting;

/// <summary>Requests allowed per second, per minute and per day for one endpoint bucket; 0 means "no such window".</summary>
public sealed record KlaviyoRateLimit(int Burst, int Steady, int Daily);

/// <summary>
/// Klaviyo's published per-endpoint limits (revision 2026-07-15). Klaviyo counts per account and per endpoint,
/// so each bucket name stands for one endpoint family.
/// </summary>
public static class KlaviyoBuckets
{
    public const string Accounts = "accounts";
    public const string Campaigns = "campaigns";
    public const string Flows = "flows";
    public const string Metrics = "metrics";
    public const string Events = "events";
    public const string MetricAggregates = "metric-aggregates";
    public const string CampaignValuesReports = "campaign-values-reports";
    public const string FlowValuesReports = "flow-values-reports";
    public const string FlowSeriesReports = "flow-series-reports";

    private static readonly KlaviyoRateLimit Reporting = new(1, 2, 225);

    /// <summary>The documented limits, keyed by bucket name.</summary>
    public static IReadOnlyDictionary<string, KlaviyoRateLimit> Published { get; } =
        new Dictionary<string, KlaviyoRateLimit>(StringComparer.OrdinalIgnoreCase)
        {
            [Accounts] = new(1, 15, 0),
            [Campaigns] = new(10, 150, 0),
            [Flows] = new(3, 60, 0),
            [Metrics] = new(10, 150, 0),
            [Events] = new(350, 3500, 0),
            [MetricAggregates] = new(3, 60, 0),
            [CampaignValuesReports] = Reporting,
            [FlowValuesReports] = Reporting,
            [FlowSeriesReports] = Reporting,
        };

    /// <summary>The published limit for <paramref name="bucket"/> with any configured override applied.</summary>
    public static KlaviyoRateLimit Resolve(string bucket, KlaviyoOptions options)
    {
        // An unknown bucket gets the strictest published tier rather than no limit at all.
        var limit = Published.TryGetValue(bucket, out var published) ? published : new KlaviyoRateLimit(1, 15, 0);
        if (!options.Limits.TryGetValue(bucket, out var custom))
        {
            return limit;
        }

        return new KlaviyoRateLimit(custom.Burst ?? limit.Burst, custom.Steady ?? limit.Steady, custom.Daily ?? limit.Daily);
    }
}
