namespace Backfill.Services.Backfill.Resilience;

/// <summary>
/// Whether the coordinator has loaded clients and statuses, for <c>GET /health/ready</c>: until it has, commands would
/// wait and interrupted runs are not resumed yet, so the instance should get no traffic.
/// </summary>
public sealed class CoordinatorReadiness
{
    private volatile string? _problem = "the coordinator has not loaded clients and statuses yet";
    private volatile bool _loaded;

    public bool Loaded => _loaded;

    /// <summary>Why it is not ready (null once loaded).</summary>
    public string? Problem => _loaded ? null : _problem;

    internal void MarkLoaded() => _loaded = true;

    internal void MarkLoadFailed(string problem) => _problem = problem;
}
