using System.Threading.Channels;
using Backfill.Services.Backfill;
using Backfill.Services.Clients;
using Backfill.Services.Storage;

namespace Backfill.Tests.Web.Components;

/// <summary>
/// A hand-written coordinator double for component tests: a test pushes boards with <see cref="Publish(BackfillStatus[])"/>,
/// reads the commands the UI sent from <see cref="Commands"/>, and decides the answers with <see cref="Answer"/>. It
/// keeps the real contract's feed shape (first item is the current board, latest-wins, dispose unsubscribes). The real
/// coordinator runs Klaviyo pulls and store writes; here only the page's use of the interface is under test.
/// </summary>
internal sealed class FakeBackfillCoordinator : IBackfillCoordinator
{
    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscriptions = [];
    private readonly List<FakeCommand> _commands = [];

    public FakeBackfillCoordinator(params BackfillStatus[] statuses) => Board = new BackfillBoard(1, statuses);

    public BackfillBoard Board { get; private set; }

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    /// <summary>When set, a new subscription starts empty (the page's loading state) instead of with the current board.</summary>
    public bool WithholdBoardOnSubscribe { get; set; }

    /// <summary>How many times Subscribe was called (a page that subscribes twice leaks one).</summary>
    public int SubscribeCalls { get; private set; }

    public IReadOnlyList<FakeCommand> Commands
    {
        get
        {
            lock (_gate)
            {
                return [.. _commands];
            }
        }
    }

    /// <summary>The answer to every single-client command; accepted by default.</summary>
    public Func<FakeCommand, BackfillCommandResult> Answer { get; set; } = _ => new BackfillCommandResult(BackfillCommandOutcome.Accepted, "ok");

    public BackfillStartAllResult StartAllAnswer { get; set; } = new([], [], BackfillCommandOutcome.Accepted, "started 0 clients");

    /// <summary>Publishes a new board (next version) to every subscriber.</summary>
    public void Publish(params BackfillStatus[] statuses)
    {
        lock (_gate)
        {
            Board = new BackfillBoard(Board.Version + 1, statuses);
            foreach (var subscription in _subscriptions)
            {
                subscription.Writer.TryWrite(Board);
            }
        }
    }

    /// <summary>Ends every open feed with <paramref name="error"/>, as a crashed coordinator would.</summary>
    public void Fail(Exception error)
    {
        lock (_gate)
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Writer.TryComplete(error);
            }
        }
    }

    public IBackfillSubscription Subscribe()
    {
        lock (_gate)
        {
            SubscribeCalls++;
            var subscription = new Subscription(this);
            if (!WithholdBoardOnSubscribe)
            {
                subscription.Writer.TryWrite(Board);
            }

            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    public Task<BackfillCommandResult> StartAsync(ClientId clientId, BackfillRequest request, CancellationToken cancellationToken = default) =>
        Record(new FakeCommand("start", clientId, request));

    public Task<BackfillStartAllResult> StartAllAsync(BackfillRequest request, bool testMode, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _commands.Add(new FakeCommand("start-all", null, request, testMode));
        }

        return Task.FromResult(StartAllAnswer);
    }

    public Task<BackfillCommandResult> RefreshAsync(ClientId clientId, RefreshRequest request, CancellationToken cancellationToken = default) =>
        Record(new FakeCommand("refresh", clientId));

    public Task<BackfillStartAllResult> RefreshAllAsync(RefreshRequest request, bool testMode, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _commands.Add(new FakeCommand("refresh-all", null, null, testMode));
        }

        return Task.FromResult(new BackfillStartAllResult([], [], BackfillCommandOutcome.Accepted, "refreshing"));
    }

    public Task<BackfillCommandResult> ResyncAsync(ClientId clientId, IReadOnlyList<DateOnly> dates, CancellationToken cancellationToken = default) =>
        Record(new FakeCommand("resync", clientId));

    public Task<BackfillCommandResult> ClearDataAsync(ClientId clientId, CancellationToken cancellationToken = default) =>
        Record(new FakeCommand("clear-data", clientId));

    public Task<BackfillCommandResult> RetryAsync(ClientId clientId, CancellationToken cancellationToken = default) =>
        Record(new FakeCommand("retry", clientId));

    public Task<BackfillCommandResult> CancelAsync(ClientId clientId, CancellationToken cancellationToken = default) =>
        Record(new FakeCommand("cancel", clientId));

    public Task<BackfillCommandResult> ClearAsync(ClientId clientId, CancellationToken cancellationToken = default) =>
        Record(new FakeCommand("clear", clientId));

    public Task<BackfillCommandResult> AddClientAsync(NewClient client, CancellationToken cancellationToken = default) =>
        Record(new FakeCommand("add-client", null, Client: client));

    public Task<BackfillCommandResult> RemoveClientAsync(ClientId clientId, CancellationToken cancellationToken = default) =>
        Record(new FakeCommand("remove-client", clientId));

    public Task<BackfillCommandResult> UpdateClientAsync(ClientId clientId, ClientEdit edit, CancellationToken cancellationToken = default) =>
        Record(new FakeCommand("update-client", clientId) { Edit = edit });

    /// <summary>The registrations <see cref="FindClient"/> answers with; a test adds the clients it edits.</summary>
    public Dictionary<ClientId, ClientRecord> Clients { get; } = [];

    public ClientRecord? FindClient(ClientId clientId) => Clients.GetValueOrDefault(clientId);

    private Task<BackfillCommandResult> Record(FakeCommand command)
    {
        lock (_gate)
        {
            _commands.Add(command);
        }

        return Task.FromResult(Answer(command));
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    private sealed class Subscription(FakeBackfillCoordinator owner) : IBackfillSubscription
    {
        private readonly Channel<BackfillBoard> _channel = Channel.CreateBounded<BackfillBoard>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });

        public ChannelWriter<BackfillBoard> Writer => _channel.Writer;

        public ChannelReader<BackfillBoard> Updates => _channel.Reader;

        public void Dispose()
        {
            _channel.Writer.TryComplete();
            owner.Remove(this);
        }
    }
}

/// <summary>One call the UI made: its name ("start", "retry", …) and arguments.</summary>
internal sealed record FakeCommand(
    string Name,
    ClientId? ClientId,
    BackfillRequest? Request = null,
    bool? TestMode = null,
    NewClient? Client = null)
{
    /// <summary>What an edit asked for ("update-client").</summary>
    public ClientEdit? Edit { get; init; }
}
