namespace Backfill.Services.Backfill.Engine;

/// <summary>The engine's view of the job it runs: read and change the status, and save it as the status document.</summary>
internal interface IBackfillJobProgress
{
    BackfillStatus Status { get; }

    /// <summary>Applies a change and publishes it (throttled unless the state changed).</summary>
    void Update(Func<BackfillStatus, BackfillStatus> change);

    /// <summary>Writes the current status to <c>backfill_status/{client_id}</c>.</summary>
    Task SaveAsync(CancellationToken cancellationToken);
}
