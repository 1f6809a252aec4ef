using System.Diagnostics.Metrics;

namespace Backfill.Services.Telemetry;

/// <summary>
/// The product's instruments, all on the <see cref="MeterName"/> meter. Callers record facts where they happen (the
/// Klaviyo pipeline, the day writer); the exporters (Prometheus at <c>/metrics</c>, OTLP) are the web host's business.
/// Tags are bounded: endpoint buckets, status codes, outcomes and client ids.
/// </summary>
public sealed class BackfillMetrics
{
    /// <summary>Name of the meter an exporter subscribes to.</summary>
    public const string MeterName = "Backfill";

    private readonly Counter<long> _klaviyoRequests;
    private readonly Counter<long> _klaviyoThrottled;
    private readonly Counter<double> _klaviyoThrottleWait;
    private readonly Counter<long> _ordersWritten;
    private readonly Counter<long> _documentsWritten;
    private readonly Counter<long> _runs;
    private readonly Histogram<double> _runDuration;

    public BackfillMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        _klaviyoRequests = Meter.CreateCounter<long>("backfill.klaviyo.requests", unit: null,
            "Klaviyo HTTP attempts, retries included, by endpoint bucket and status (a code, or 'error' when no answer came).");
        _klaviyoThrottled = Meter.CreateCounter<long>("backfill.klaviyo.throttled", unit: null,
            "Klaviyo 429 answers by endpoint bucket.");
        _klaviyoThrottleWait = Meter.CreateCounter<double>("backfill.klaviyo.throttle.wait", "s",
            "Seconds Klaviyo's 429 answers asked us to wait (Retry-After), by endpoint bucket.");
        _ordersWritten = Meter.CreateCounter<long>("backfill.orders.written", unit: null,
            "Orders whose documents landed in the store, by client.");
        _documentsWritten = Meter.CreateCounter<long>("backfill.documents.written", unit: null,
            "Documents written by backfill runs (orders, daily orders, rollups, statistics), by client.");
        _runs = Meter.CreateCounter<long>("backfill.runs", unit: null,
            "Runs that ended, by client and outcome (completed, failed, cancelled).");
        _runDuration = Meter.CreateHistogram<double>("backfill.run.duration", "s",
            "Wall-clock time from a run's start to its end, by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 12 * 3600, 24 * 3600] });
    }

    /// <summary>The meter itself, for observable instruments that read state when scraped.</summary>
    public Meter Meter { get; }

    public void KlaviyoRequest(string bucket, int? status) =>
        _klaviyoRequests.Add(1, new("endpoint", bucket), new("status", status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "error"));

    public void KlaviyoThrottled(string bucket, TimeSpan wait)
    {
        _klaviyoThrottled.Add(1, new KeyValuePair<string, object?>("endpoint", bucket));
        _klaviyoThrottleWait.Add(wait.TotalSeconds, new KeyValuePair<string, object?>("endpoint", bucket));
    }

    public void Written(string clientId, long orders, long documents)
    {
        if (orders > 0)
        {
            _ordersWritten.Add(orders, new KeyValuePair<string, object?>("client_id", clientId));
        }

        if (documents > 0)
        {
            _documentsWritten.Add(documents, new KeyValuePair<string, object?>("client_id", clientId));
        }
    }

    public void RunEnded(string clientId, string outcome, TimeSpan? duration)
    {
        _runs.Add(1, new("client_id", clientId), new("outcome", outcome));
        if (duration is { } elapsed && elapsed >= TimeSpan.Zero)
        {
            _runDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
