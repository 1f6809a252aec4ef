namespace Backfill.KlaviyoSandbox;

/// <summary>How the sandbox labels report buckets (<c>date_times</c>) and metric-aggregate buckets (<c>dates</c>).</summary>
public enum SandboxDateLabels
{
    /// <summary>
    /// The style of Klaviyo's OpenAPI examples: the bucket's local wall-clock start written with <c>+00:00</c>
    /// (<c>2024-01-05T00:00:00+00:00</c> for the 5th in Los Angeles). Read as an instant, it is a day early west of UTC.
    /// </summary>
    Utc,

    /// <summary>The bucket's local start with the zone's offset at that moment (<c>2024-01-05T00:00:00-08:00</c>).</summary>
    Local,
}
