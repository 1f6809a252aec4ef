using Backfill.Services.Backfill.Documents;
using Backfill.Services.Backfill.Engine;
using Backfill.Services.Backfill.History;
using Backfill.Services.Clients;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill;

/// <summary>
/// One client's slot in the coordinator: its registration, its latest status, and the run in progress if any.
/// Status changes come from the engine's thread and from commands; both go through <see cref="Update"/>.
/// </summary>
internal sealed partial class BackfillJob(ClientRecord client, BackfillStatus status, IDocumentStore store, TimeProvider timeProvider, Action<bool> changed)
    : IBackfillJobProgress, IDisposable
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _saving = new(1, 1);
    private BackfillStatus _status = status;

    /// <summary>Replaced only by an edit, on the command loop, while no run holds it (see UpdateClientAsync).</summary>
    public ClientRecord Client { get; set; } = client;

    public BackfillStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>The running task, or null when idle or only queued.</summary>
    public Task? Run { get; set; }

    /// <summary>Cancels the running task; set while it runs.</summary>
    public CancellationTokenSource? Cancellation { get; set; }

    /// <summary>True once a user asked to cancel (as opposed to the host shutting down).</summary>
    public bool CancelRequested { get; set; }

    public void Update(Func<BackfillStatus, BackfillStatus> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        bool stateChanged;
        lock (_gate)
        {
            var before = _status;
            _status = change(before) with { UpdatedAt = timeProvider.GetUtcNow() };
            stateChanged = before.State != _status.State;
        }

        changed(stateChanged);
    }

    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        await _saving.WaitAsync(cancellationToken);
        try
        {
            var status = Status;
            if (status.State == BackfillState.NotStarted && status.Coverage.IsEmpty)
            {
                await CommitStatusAsync(status, [Write.Delete(DataLayout.BackfillStatus(Client.Id))], cancellationToken);
            }
            else if (status.RunId is { } runId && status.State != BackfillState.NotStarted)
            {
                // The run's history entry changes with its status, in the same commit, so the two never disagree.
                await CommitStatusAsync(
                    status,
                    [
                        Write.Set(DataLayout.BackfillStatus(Client.Id), BackfillStatusDocument.ToFields(status)),
                        Write.Set(DataLayout.Run(Client.Id, runId), RunDocument.ToFields(RunDocument.FromStatus(status))),
                    ],
                    cancellationToken);
            }
            else
            {
                await CommitStatusAsync(status, [Write.Set(DataLayout.BackfillStatus(Client.Id), BackfillStatusDocument.ToFields(status))], cancellationToken);
            }
        }
        finally
        {
            _saving.Release();
        }
    }

    private IDocumentStore Store => store;

    private void Changed(bool stateChanged) => changed(stateChanged);

    public void Dispose()
    {
        _saving.Dispose();
        Cancellation?.Dispose();
    }
}
