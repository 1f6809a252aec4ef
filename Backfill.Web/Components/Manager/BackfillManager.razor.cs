using System.Diagnostics;
using Backfill.Services.Alerts;
using Backfill.Services.Backfill;
using Backfill.Services.Clients;
using Backfill.Services.Logging;
using Backfill.Services.Storage;
using Backfill.Web.Components.Manager.Triage;
using Backfill.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Backfill.Web.Components.Manager;

/// <summary>
/// The backfill manager: owns the one subscription to the coordinator for this circuit, turns user actions into
/// coordinator commands, and hands snapshots to presentational children.
/// </summary>
public sealed partial class BackfillManager : IAsyncDisposable
{
    private readonly HashSet<ClientId> _busy = [];

    private readonly BoardTransitions _transitions = new();
    private readonly CancellationTokenSource _lifetime = new();

    private IBackfillSubscription? _subscription;
    private AlertBoardSubscription? _alertSubscription;
    private Task? _alertWatch;
    private IReadOnlyDictionary<ClientId, IReadOnlyList<AlertIncident>> _openAlerts = new Dictionary<ClientId, IReadOnlyList<AlertIncident>>();
    private bool _sendingTestAlert;
    private CancellationTokenSource? _watchStop;
    private Task? _watch;
    private BackfillBoard? _board;
    private string? _feedError;
    private StoreDescription _store = null!;
    private BackfillState? _stateFilter;
    private string? _search;
    private bool _canOperate;
    private bool _roleKnown;

    [Inject]
    private IBackfillCoordinator Coordinator { get; set; } = null!;

    [Inject]
    private GuardedBackfillCommands Commands { get; set; } = null!;

    [Inject]
    private GuardedAlertCommands AlertCommands { get; set; } = null!;

    [Inject]
    private ClientAccess Access { get; set; } = null!;

    [Inject]
    private GuardedOnboardingCommands Onboarding { get; set; } = null!;

    [Inject]
    private AlertBoard Alerts { get; set; } = null!;

    [Inject]
    private IDocumentStore Store { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private IServiceProvider Services { get; set; } = null!;

    // Hosts without it (component tests) measure nothing.
    private ManagerRenderMetrics? RenderMetrics => Services.GetService<ManagerRenderMetrics>();

    // Null outside a Blazor Server circuit (component tests without one): always rendered then.
    private CircuitConnection? _connection;

    // A snapshot arrived while the browser was away: shown when it reconnects.
    private bool _unshown;

    private IReadOnlyList<BackfillStatus> Visible => BoardFilter.Apply(_board?.Statuses ?? [], _stateFilter, _search);

    // Prerender is off (App.razor), so this runs once per circuit and the subscription is never doubled.
    protected override void OnInitialized()
    {
        _store = Store.Description;
        _connection = Services.GetService<CircuitConnection>();
        if (_connection is not null)
        {
            _connection.Reconnected += OnReconnected;
        }

        Watch();
        _alertSubscription = Alerts.Subscribe();
        _alertWatch = WatchAlertsAsync(_alertSubscription, _lifetime.Token);
    }

    protected override async Task OnInitializedAsync()
    {
        _canOperate = await Commands.CanOperateAsync();
        _roleKnown = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            _connection.Reconnected -= OnReconnected;
        }

        await _lifetime.CancelAsync();
        await StopWatchingAsync();
        if (_alertWatch is not null)
        {
            await _alertWatch;
        }

        _alertSubscription?.Dispose();
        _lifetime.Dispose();
    }

    private void Watch()
    {
        _feedError = null;
        try
        {
            // Only the user's clients ever reach this page (Auth:…:Clients / ClientAccess).
            _subscription = Access.Subscribe(Coordinator);
        }
        catch (InvalidOperationException ex)
        {
            _feedError = ex.Message;
            return;
        }

        _watchStop = new CancellationTokenSource();
        _watch = WatchAsync(_subscription, _watchStop.Token);
    }

    private async Task StopWatchingAsync()
    {
        var subscription = _subscription;
        _subscription = null;
        if (_watchStop is not null)
        {
            await _watchStop.CancelAsync();
        }

        if (_watch is not null)
        {
            await _watch;
        }

        subscription?.Dispose();
        _watchStop?.Dispose();
        _watchStop = null;
        _watch = null;
    }

    // Never throws: every way out is either disposal or a feed error shown on the page.
    private async Task WatchAsync(IBackfillSubscription subscription, CancellationToken cancellationToken)
    {
        string? failure;
        try
        {
            await foreach (var board in subscription.Updates.ReadAllAsync(cancellationToken))
            {
                await InvokeAsync(() =>
                {
                    var started = Stopwatch.GetTimestamp();
                    var cpu = ThreadCpuClock.Now();
                    if (Show(board, subscription))
                    {
                        RenderMetrics?.SnapshotShown(Stopwatch.GetElapsedTime(started), ThreadCpuClock.Now() - cpu);
                    }
                });
            }

            failure = "the coordinator closed the feed (is the app shutting down?)";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            // Any failure of the feed becomes the page's error state (with Reconnect) instead of a dead circuit.
            failure = ex.Message;
        }

        await InvokeAsync(() =>
        {
            // A feed we left on purpose (disposal, reconnect) is not an error.
            if (!ReferenceEquals(subscription, _subscription))
            {
                return;
            }

            _feedError = failure;
            StateHasChanged();
        });
    }

    // The alert indicators are secondary: their feed ends only with the page, and a failure goes to the error boundary.
    private async Task WatchAlertsAsync(AlertBoardSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            var scope = await Access.GetScopeAsync();
            await foreach (var incidents in subscription.Updates.ReadAllAsync(cancellationToken))
            {
                await InvokeAsync(() =>
                {
                    _openAlerts = ClientAlerts.ByClient(scope.Filter(incidents, i => i.ClientId));
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    /// <returns>Whether the snapshot was rendered.</returns>
    private bool Show(BackfillBoard board, IBackfillSubscription from)
    {
        if (!ReferenceEquals(from, _subscription))
        {
            return false;
        }

        AnnounceTransitions(board);
        _board = board;
        if (_connection is { IsUp: false })
        {
            // Nobody would see it: rendering into a circuit whose browser is gone costs the server for nothing.
            _unshown = true;
            return false;
        }

        _unshown = false;
        StateHasChanged();
        return true;
    }

    private void OnReconnected() => _ = InvokeAsync(() =>
    {
        if (_unshown)
        {
            _unshown = false;
            StateHasChanged();
        }
    });

    private void AnnounceTransitions(BackfillBoard board)
    {
        foreach (var status in _transitions.JustFinished(board))
        {
            Snackbar.Add(
                BackfillFormat.Finished(status),
                status.State == BackfillState.Completed ? Severity.Success : Severity.Error);
        }
    }

    private async Task Reconnect()
    {
        await StopWatchingAsync();
        Watch();
    }

    private void StateFilterChanged(BackfillState? state) => _stateFilter = state;

    private void SearchChanged(string? search) => _search = search;

    private void ClearFilters()
    {
        _stateFilter = null;
        _search = null;
        _triageFilter = TriageFilter.All;
    }

    private async Task HandleCommandAsync(ClientCommand command)
    {
        var status = command.Status;
        var id = status.ClientId;
        switch (command.Action)
        {
            case ClientAction.Start:
                var choice = await AskStartAsync(
                    $"Start a backfill of {status.ClientName}",
                    $"Backfill {status.ClientName} ({id}) from Klaviyo: the chosen number of years, ending yesterday.",
                    showTestMode: false);
                if (choice is not null)
                {
                    await RunAsync(id, "start", token => Commands.StartAsync(id, choice.Request, token));
                }

                break;
            case ClientAction.QuickCheck:
                await RunAsync(id, "start a quick check of", token => Commands.StartAsync(id, BackfillRequest.QuickCheck, token));
                break;
            case ClientAction.Retry:
                await RunAsync(id, "retry", token => Commands.RetryAsync(id, token));
                break;
            case ClientAction.Cancel:
                await RunAsync(id, "cancel", token => Commands.CancelAsync(id, token));
                break;
            case ClientAction.Clear:
                var confirmed = await Dialogs.ShowMessageBoxAsync(
                    $"Clear {status.ClientName}?",
                    $"This resets the backfill status of {status.ClientName} ({id}) to not started. The data already copied stays.",
                    yesText: "Clear",
                    cancelText: "Keep");
                if (confirmed == true)
                {
                    await RunAsync(id, "clear", token => Commands.ClearAsync(id, token));
                }

                break;
            case ClientAction.Refresh:
                await RunAsync(id, "refresh", token => Commands.RefreshAsync(id, new RefreshRequest(), token));
                break;
            case ClientAction.ClearData:
                var erase = await Dialogs.ShowMessageBoxAsync(
                    $"Delete the data of {status.ClientName}?",
                    $"This deletes everything copied from Klaviyo for {status.ClientName} ({id}): orders, campaigns, flows, daily "
                    + $"statistics and rollups, and its coverage ({BackfillFormat.Coverage(status)}). The client and its run history stay.",
                    yesText: $"Delete {id}'s data",
                    cancelText: "Keep");
                if (erase == true)
                {
                    await RunAsync(id, "delete the data of", token => Commands.ClearDataAsync(id, token));
                }

                break;
            case ClientAction.Validate:
                await RunAsync(id, "validate", token => Commands.ValidateAsync(id, token), announce: true);
                break;
            case ClientAction.History:
                await Dialogs.ShowAsync<RunHistoryDialog>(
                    $"Runs of {status.ClientName}",
                    new DialogParameters<RunHistoryDialog> { { d => d.ClientId, id } },
                    new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseOnEscapeKey = true, CloseButton = true });
                break;
            case ClientAction.Schedule:
                await Dialogs.ShowAsync<ScheduleEditorDialog>(
                    $"Schedule of {status.ClientName}",
                    new DialogParameters<ScheduleEditorDialog> { { d => d.ClientId, id } },
                    new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true, CloseButton = true });
                break;
            case ClientAction.Edit:
                await EditClientAsync(status);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.Action, null);
        }
    }

    private async Task StartAllAsync()
    {
        var choice = await AskStartAsync(
            "Start all",
            "Start a backfill for every client that is not already running.",
            showTestMode: true);
        if (choice is not null)
        {
            await RunStartAllAsync(choice.Request, choice.TestMode);
        }
    }

    // One click that proves the pipeline: a quick check of the test client only, as start-all's test mode picks it.
    private Task StartTestAsync() => RunStartAllAsync(BackfillRequest.QuickCheck, testMode: true);

    private async Task SendTestAlertAsync()
    {
        if (_sendingTestAlert)
        {
            return;
        }

        _sendingTestAlert = true;
        try
        {
            var answer = await SendAsync("Could not send a test alert", async token =>
            {
                var (refusal, results) = await AlertCommands.SendTestAsync(token);
                return new TestAlertAnswer(refusal, results);
            });
            if (answer is null)
            {
                return;
            }

            if (answer.Refusal is not null)
            {
                Snackbar.Add(answer.Refusal, Severity.Warning);
                return;
            }

            foreach (var result in answer.Results)
            {
                Snackbar.Add(
                    result.Delivered ? $"Test alert delivered to {result.Channel}." : $"Test alert to {result.Channel} failed: {result.Error}",
                    result.Delivered ? Severity.Success : Severity.Error);
            }
        }
        finally
        {
            _sendingTestAlert = false;
        }
    }

    private async Task AddClientAsync()
    {
        BackfillCommandResult? answer = null;
        var parameters = new DialogParameters<AddClientDialog>
        {
            { dialog => dialog.Submit, async client => answer = await Commands.AddClientAsync(client, _lifetime.Token) },
            { dialog => dialog.Test, client => Onboarding.TestAsync(client, _lifetime.Token) },
            { dialog => dialog.ExistingClients, [.. (_board?.Statuses ?? []).Select(s => (s.ClientId, s.ClientName))] },
        };
        var dialog = await Dialogs.ShowAsync<AddClientDialog>("Add client", parameters, DialogDefaults);
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: NewClient added })
        {
            // The coordinator compares with every client, including any added since the dialog opened.
            Snackbar.Add(
                answer?.Warnings?.GetValueOrDefault("name") is [var lookAlike, ..]
                    ? $"Added {added.Name} ({added.Id}); its name {lookAlike}."
                    : $"Added {added.Name} ({added.Id}). Start a quick check to prove its key.",
                answer?.Warnings is null ? Severity.Success : Severity.Warning);
        }
    }

    private static DialogOptions DialogDefaults => new() { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, CloseOnEscapeKey = true };

    private async Task<StartChoice?> AskStartAsync(string title, string intro, bool showTestMode)
    {
        var parameters = new DialogParameters<StartBackfillDialog>
        {
            { dialog => dialog.Intro, intro },
            { dialog => dialog.ShowTestMode, showTestMode },
        };
        var dialog = await Dialogs.ShowAsync<StartBackfillDialog>(title, parameters, DialogDefaults);
        var result = await dialog.Result;
        return result is { Canceled: false, Data: StartChoice choice } ? choice : null;
    }

    /// <param name="announce">Show the answer of an accepted command too (when it is the result, as validation's is).</param>
    private async Task RunAsync(ClientId id, string verb, Func<CancellationToken, Task<BackfillCommandResult>> command, bool announce = false)
    {
        if (!_busy.Add(id))
        {
            return;
        }

        try
        {
            var result = await SendAsync($"Could not {verb} {id}", command);
            if (result is { Accepted: false })
            {
                Snackbar.Add($"Could not {verb} {id}: {result.Message}", Severity.Warning);
            }
            else if (announce && result is not null)
            {
                Snackbar.Add(result.Message, Severity.Info);
            }
        }
        finally
        {
            _busy.Remove(id);
        }
    }

    private async Task RunStartAllAsync(BackfillRequest request, bool testMode)
    {
        var result = await SendAsync("Could not start", token => Commands.StartAllAsync(request, testMode, token));
        if (result is not null)
        {
            Snackbar.Add(result.Message, result.Outcome == BackfillCommandOutcome.Accepted ? Severity.Info : Severity.Warning);
        }
    }

    // A command that throws (e.g. the store is down) is reported in a snackbar, not by killing the circuit; null then,
    // and also when the page is going away and nobody is left to tell.
    private async Task<T?> SendAsync<T>(string failure, Func<CancellationToken, Task<T>> command)
        where T : class
    {
        try
        {
            return await command(_lifetime.Token);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex)
        {
            Snackbar.Add($"{failure}: {SecretRedactor.Redact(ex.Message)}", Severity.Error);
            return null;
        }
    }

    private sealed record TestAlertAnswer(string? Refusal, IReadOnlyList<AlertChannelResult> Results);
}
