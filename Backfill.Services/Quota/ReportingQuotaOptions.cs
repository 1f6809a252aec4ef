using System.ComponentModel.DataAnnotations;

namespace Backfill.Services.Quota;

/// <summary>Our share of Klaviyo's reporting quota (configuration section <c>Klaviyo:Reporting</c>).</summary>
public sealed class ReportingQuotaOptions
{
    public const string SectionName = "Klaviyo:Reporting";

    /// <summary>
    /// Reporting calls (campaign-values, flow-values and flow-series reports) one client may spend per UTC day. Default
    /// 150 of Klaviyo's 225: the key is shared with the agency's other tools, which need the rest.
    /// </summary>
    [Range(1, 1_000_000)]
    public int DailyBudget { get; set; } = 150;

    /// <summary>
    /// A reporting 429 whose Retry-After is longer than this is Klaviyo's daily cap (the per-second and per-minute
    /// windows never ask for more than a minute), and marks the day exhausted. Default 2 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DailyCapRetryAfter { get; set; } = TimeSpan.FromMinutes(2);
}
