namespace Backfill.Tests.Web.Telemetry;

/// <summary>
/// The scrape tests run alone, after the parallel ones. OpenTelemetry listens to every meter named <c>Backfill</c> in
/// the process, and a stream it merged from several hosts' meters can go when one of those hosts stops (our reading of
/// the one CI failure: the scrape showed fewer orders written than this test's own run had written). Alone, no other
/// host starts or stops while they scrape.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}
