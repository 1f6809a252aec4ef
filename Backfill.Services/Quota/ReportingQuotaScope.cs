using Backfill.Services.Storage;

namespace Backfill.Services.Quota;

/// <summary>
/// Which client's budget the reporting calls made in this async flow spend. The coordinator enters it around a run;
/// the <see cref="ReportingQuotaObserver"/> in the Klaviyo HTTP pipeline reads it (the execution context flows into
/// every task the engine starts), so the Klaviyo transport needs no knowledge of clients.
/// </summary>
public static class ReportingQuotaScope
{
    private static readonly AsyncLocal<ClientId?> CurrentClient = new();

    public static ClientId? Current => CurrentClient.Value;

    public static IDisposable Enter(ClientId client)
    {
        var previous = CurrentClient.Value;
        CurrentClient.Value = client;
        return new Exit(previous);
    }

    private sealed class Exit(ClientId? previous) : IDisposable
    {
        public void Dispose() => CurrentClient.Value = previous;
    }
}
