namespace Backfill.Web.Telemetry;

/// <summary>Metrics export (configuration section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>Serve Prometheus' text format at <see cref="PrometheusPath"/>. Default true.</summary>
    public bool PrometheusEnabled { get; set; } = true;

    /// <summary>Path of the scrape endpoint. Default <c>/metrics</c>.</summary>
    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>
    /// Let anyone who can reach the port scrape without credentials. Default false: a scrape needs an operator
    /// (Prometheus sends an operator API key as <c>Authorization: Bearer</c>). Turn on only where the port is private,
    /// e.g. a scraper sidecar on the same Cloud Run instance; the numbers name client ids.
    /// </summary>
    public bool AllowAnonymousScrape { get; set; }

    /// <summary>
    /// OTLP collector to push metrics to, e.g. <c>http://otel-collector:4317</c>. Default none (no push). The standard
    /// <c>OTEL_EXPORTER_OTLP_*</c> environment variables (protocol, headers) apply to it.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }
}
