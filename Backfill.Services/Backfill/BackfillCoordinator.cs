using System.Threading.Channels;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Backfill.Engine;
using Backfill.Services.Clients;
using Backfill.Services.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Backfill;

/// <summary>
/// The singleton that owns every backfill in this process (also its hosted service). Commands arrive through a bounded
/// channel and are handled one at a time, so "is it running?" and "start it" can never race; jobs run on their own
/// tasks, at most one per client and <see cref="BackfillOptions.MaxParallelClients"/> at once. On start it resumes
/// every job the store says was queued or running.
/// </summary>
internal sealed partial class BackfillCoordinator : BackgroundService, IBackfillCoordinator
{
    private readonly Channel<Func<Task>> _commands;
    private readonly Dictionary<ClientId, BackfillJob> _jobs = [];
    private readonly Lock _jobsGate = new();
    private readonly List<ClientId> _waiting = [];
    private readonly BoardPublisher _publisher;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDocumentStore _store;
    private readonly ClientRegistry _clients;
    private readonly BackfillEngine _engine;
    private readonly IKlaviyoKeyResolver _keys;
    private readonly TimeProvider _timeProvider;
    private readonly BackfillOptions _options;
    private readonly RefreshOptions _refresh;
    private readonly ILogger<BackfillCoordinator> _logger;
    private readonly Resilience.BackfillRunPolicy _policy;
    private long _version;
    private CancellationToken _stopping;

    public BackfillCoordinator(
        IDocumentStore store,
        ClientRegistry clients,
        BackfillEngine engine,
        IKlaviyoKeyResolver keys,
        TimeProvider timeProvider,
        IOptions<BackfillOptions> options,
        IOptions<RefreshOptions> refresh,
        ILogger<BackfillCoordinator> logger,
        Resilience.BackfillRunPolicy policy,
        Leases.InstanceIdentity instance,
        IOptions<Leases.LeaseOptions> leases)
    {
        _policy = policy;
        _instance = instance;
        _leases = leases.Value;
        _refresh = refresh.Value;
        _store = store;
        _clients = clients;
        _engine = engine;
        _keys = keys;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
        _commands = Channel.CreateBounded<Func<Task>>(new BoundedChannelOptions(_options.CommandQueueCapacity) { SingleReader = true });
        _publisher = new BoardPublisher(timeProvider, _options.ProgressInterval);
        _publisher.Attach(BuildBoard);
    }

    public BackfillBoard Board => _publisher.Current;

    public int SubscriberCount => _publisher.SubscriberCount;

    /// <summary>Completes once clients and statuses are loaded from the store (tests and health checks wait on it).</summary>
    public Task Loaded => _loaded.Task;

    public IBackfillSubscription Subscribe() => _publisher.Subscribe();

    public override void Dispose()
    {
        _publisher.Dispose();
        lock (_jobsGate)
        {
            foreach (var job in _jobs.Values)
            {
                job.Dispose();
            }
        }

        base.Dispose();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Task[] running;
        lock (_jobsGate)
        {
            running = [.. _jobs.Values.Select(j => j.Run).OfType<Task>()];
        }

        // Jobs stop at their next await; their status stays in_progress in the store, so the next start resumes them.
        await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await ReleaseLeasesAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        if (!await LoadWithRetriesAsync(stoppingToken))
        {
            return;
        }

        _loaded.TrySetResult();
        _ = Task.Run(() => KeepLeasesAsync(stoppingToken), CancellationToken.None);
        try
        {
            await foreach (var command in _commands.Reader.ReadAllAsync(stoppingToken))
            {
                await command();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var clients = await _clients.ListAsync(cancellationToken);
        var statuses = await _store.GetAllAsync([.. clients.Select(c => DataLayout.BackfillStatus(c.Id))], cancellationToken);
        var now = _timeProvider.GetUtcNow();
        var heldElsewhere = new HashSet<ClientId>();
        for (var i = 0; i < clients.Count; i++)
        {
            var client = clients[i];
            var status = statuses[i] is { } document
                ? BackfillStatusDocument.FromDocument(client.Id, client.Name, document)
                : BackfillStatus.NotStarted(client.Id, client.Name);
            AddJob(client, status).Adopt(statuses[i]);
            if (global::Backfill.Services.Backfill.Leases.LeaseRecord.Read(statuses[i]).HeldByOther(_instance.Id, now))
            {
                heldElsewhere.Add(client.Id);
            }
        }

        foreach (var job in JobsSnapshot().Where(j => j.Status.State.IsActive() && !heldElsewhere.Contains(j.Client.Id)))
        {
            if (await ParkAgainAfterRestartAsync(job))
            {
                continue;
            }

            // Interrupted by a crash or restart (its lease has run out): continue after the checkpoint.
            LogResuming(job.Client.Id.Value, job.Status.LastCompletedDate);
            job.Update(s => s with { State = BackfillState.Queued, Phase = "resuming after a restart", RateLimitedUntil = null });
            try
            {
                await job.SaveAsync(cancellationToken);
                _waiting.Add(job.Client.Id);
            }
            catch (Leases.StatusConflictException)
            {
                // Another instance starting at the same moment resumed it first.
            }
        }

        _publisher.Publish(immediate: true);
        ScheduleWaiting();
    }

    private BackfillJob AddJob(ClientRecord client, BackfillStatus status)
    {
        var job = new BackfillJob(client, status, _store, _timeProvider, stateChanged => _publisher.Publish(stateChanged)) { Leases = Leases };
        lock (_jobsGate)
        {
            _jobs[client.Id] = job;
        }

        return job;
    }

    private BackfillJob? FindJob(ClientId id)
    {
        lock (_jobsGate)
        {
            return _jobs.GetValueOrDefault(id);
        }
    }

    private List<BackfillJob> JobsSnapshot()
    {
        lock (_jobsGate)
        {
            return [.. _jobs.Values.OrderBy(j => j.Client.Id.Value, StringComparer.Ordinal)];
        }
    }

    private BackfillBoard BuildBoard() =>
        new(Interlocked.Increment(ref _version), [.. JobsSnapshot().Select(j => j.Status)]);

    /// <summary>Runs <paramref name="command"/> on the command loop and returns its answer.</summary>
    private async Task<T> SendAsync<T>(Func<Task<T>> command, CancellationToken cancellationToken)
    {
        await _loaded.Task.WaitAsync(cancellationToken);
        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _commands.Writer.WriteAsync(
            async () =>
            {
                try
                {
                    answer.TrySetResult(await command());
                }
                catch (Exception e)
                {
                    answer.TrySetException(e);
                }
            },
            cancellationToken);
        return await answer.Task.WaitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleared the copied data of {ClientId}: {Documents} documents deleted")]
    private partial void LogDataCleared(string clientId, long documents);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming the backfill of {ClientId} after checkpoint {Checkpoint}")]
    private partial void LogResuming(string clientId, DateOnly? checkpoint);
}
