using System.Threading.Channels;
using Backfill.Services.Clients;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill;

/// <summary>
/// The one place backfills are started, watched and stopped. A singleton in the web process: commands are queued and
/// handled one at a time, at most one backfill runs per client, several clients run in parallel.
/// </summary>
public interface IBackfillCoordinator
{
    /// <summary>The latest snapshot of every registered client's status.</summary>
    BackfillBoard Board { get; }

    /// <summary>How many subscriptions are open (tests and diagnostics).</summary>
    int SubscriberCount { get; }

    /// <summary>
    /// A feed of board snapshots, starting with the current one. Latest-wins: a slow reader skips intermediate
    /// snapshots, never the newest. Dispose to unsubscribe.
    /// </summary>
    IBackfillSubscription Subscribe();

    /// <summary>
    /// Starts a run for one client. A failed or cancelled run asked for again with the same parameters continues from
    /// its checkpoint (as Retry does); other parameters start a new run. Coverage is kept either way.
    /// </summary>
    Task<BackfillCommandResult> StartAsync(ClientId clientId, BackfillRequest request, CancellationToken cancellationToken = default);

    /// <summary>Starts every idle client, or only the test client when <paramref name="testMode"/> is set.</summary>
    Task<BackfillStartAllResult> StartAllAsync(BackfillRequest request, bool testMode, CancellationToken cancellationToken = default);

    /// <summary>Refreshes one client: re-reads from the end of its coverage minus the lookback and makes those days equal to Klaviyo.</summary>
    Task<BackfillCommandResult> RefreshAsync(ClientId clientId, RefreshRequest request, CancellationToken cancellationToken = default);

    /// <summary>Refreshes every idle client, or only the test client when <paramref name="testMode"/> is set.</summary>
    Task<BackfillStartAllResult> RefreshAllAsync(RefreshRequest request, bool testMode, CancellationToken cancellationToken = default);

    /// <summary>Re-reads exactly these days (e.g. those validation found different), then validates them again.</summary>
    Task<BackfillCommandResult> ResyncAsync(ClientId clientId, IReadOnlyList<DateOnly> dates, CancellationToken cancellationToken = default);

    /// <summary>Continues a failed or cancelled run from the day after its checkpoint.</summary>
    Task<BackfillCommandResult> RetryAsync(ClientId clientId, CancellationToken cancellationToken = default);

    /// <summary>Stops a queued or running job; its checkpoint is kept.</summary>
    Task<BackfillCommandResult> CancelAsync(ClientId clientId, CancellationToken cancellationToken = default);

    /// <summary>Resets a client's status (not its data, and not its coverage); refused while it runs.</summary>
    Task<BackfillCommandResult> ClearAsync(ClientId clientId, CancellationToken cancellationToken = default);

    /// <summary>Deletes everything copied for a client (under <c>clients/{id}/klaviyo/</c>) and its coverage; refused while it runs.</summary>
    Task<BackfillCommandResult> ClearDataAsync(ClientId clientId, CancellationToken cancellationToken = default);

    /// <summary>Registers a client (validated); refused when the id is taken.</summary>
    Task<BackfillCommandResult> AddClientAsync(NewClient client, CancellationToken cancellationToken = default);

    /// <summary>Removes a client and its status; refused while its backfill runs.</summary>
    Task<BackfillCommandResult> RemoveClientAsync(ClientId clientId, CancellationToken cancellationToken = default);

    /// <summary>Changes a client's name, key, metric or lookback (validated); refused while its backfill runs, as remove is.</summary>
    Task<BackfillCommandResult> UpdateClientAsync(ClientId clientId, ClientEdit edit, CancellationToken cancellationToken = default);

    /// <summary>The client's registration as this instance holds it; null when unknown.</summary>
    ClientRecord? FindClient(ClientId clientId);
}

/// <summary>One subscriber's feed of board snapshots.</summary>
public interface IBackfillSubscription : IDisposable
{
    ChannelReader<BackfillBoard> Updates { get; }
}

/// <summary>All clients (registration order by id) with their statuses, as of <see cref="Version"/>.</summary>
public sealed record BackfillBoard(long Version, IReadOnlyList<BackfillStatus> Statuses)
{
    public static BackfillBoard Empty { get; } = new(0, []);

    public BackfillStatus? Find(ClientId clientId) => Statuses.FirstOrDefault(s => s.ClientId == clientId);
}

public enum BackfillCommandOutcome
{
    Accepted,
    NotFound,
    Conflict,
    Invalid,

    /// <summary>The caller's role does not allow the command (decided in the web layer, never by the coordinator).</summary>
    Forbidden,
}

/// <summary>The answer to a command; <see cref="Status"/> is the client's status after it, when there is one.</summary>
/// <param name="Errors">Why an invalid command was refused, by field.</param>
/// <param name="Warnings">What an accepted command should make its caller check, by field (a look-alike client name).</param>
public sealed record BackfillCommandResult(
    BackfillCommandOutcome Outcome,
    string Message,
    BackfillStatus? Status = null,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    IReadOnlyDictionary<string, string[]>? Warnings = null)
{
    public bool Accepted => Outcome == BackfillCommandOutcome.Accepted;

    /// <summary>
    /// The one answer for a client that is not registered, also given for a client outside a caller's scope: one text,
    /// so the two can never be told apart.
    /// </summary>
    public static BackfillCommandResult UnknownClient(ClientId clientId) =>
        new(BackfillCommandOutcome.NotFound, $"No client '{clientId}' is registered.");
}

/// <summary>Which clients start-all started, and which it skipped because they were already busy.</summary>
public sealed record BackfillStartAllResult(
    IReadOnlyList<BackfillStatus> Started,
    IReadOnlyList<BackfillStatus> SkippedBusy,
    BackfillCommandOutcome Outcome,
    string Message);
