using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Data;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;
using Backfill.Web.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Backfill.Web.Components.DataViewer;

/// <summary>
/// The data viewer of one client: reads the summary (the same <see cref="BackfillDataQueries.GetSummaryAsync"/> the API's
/// <c>summary</c> uses, so the numbers agree), the daily rollups, campaigns and flows once, and hands them to
/// presentational children. Orders are paged by the orders grid itself, one day at a time.
/// </summary>
public sealed partial class DataViewer : IAsyncDisposable
{
    private const int OrdersTab = 1;

    private readonly CancellationTokenSource _lifetime = new();
    private ViewerData? _data;
    private bool _loading = true;
    private bool _notFound;
    private string? _error;
    private string? _loadedId;
    private int _tab;
    private DateOnly? _day;

    /// <summary>The client id from the address.</summary>
    [Parameter]
    public string Id { get; set; } = "";

    [Inject]
    private BackfillDataQueries Queries { get; set; } = null!;

    [Inject]
    private IBackfillCoordinator Coordinator { get; set; } = null!;

    [Inject]
    private GuardedBackfillCommands Commands { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private ClientAccess Access { get; set; } = null!;

    private bool _canOperate;
    private bool _validating;

    private string Title => _data?.Summary.ClientName is { } name ? $"{name} data" : "Data";

    protected override async Task OnParametersSetAsync()
    {
        if (string.Equals(Id, _loadedId, StringComparison.Ordinal))
        {
            return;
        }

        _loadedId = Id;
        _data = null;
        _day = null;
        _tab = 0;
        await LoadAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync();
        _lifetime.Dispose();
    }

    private Task RefreshAsync() => LoadAsync();

    protected override async Task OnInitializedAsync() => _canOperate = await Commands.CanOperateAsync();

    private Task ValidateAsync() => ValidationCommandAsync("validate", (id, token) => Commands.ValidateAsync(id, token));

    /// <summary>Re-reads the days validation found different; the run validates them again when it ends.</summary>
    private Task ResyncAsync() => ValidationCommandAsync(
        "re-sync", (id, token) => Commands.ResyncAsync(id, [.. _data!.Summary.Validation.Mismatched.Select(d => d.Date)], token));

    private async Task ValidationCommandAsync(string verb, Func<ClientId, CancellationToken, Task<BackfillCommandResult>> command)
    {
        if (_data is null || _validating)
        {
            return;
        }

        _validating = true;
        try
        {
            var result = await command(_data.ClientId, _lifetime.Token);
            Snackbar.Add(result.Accepted ? result.Message : $"Could not {verb}: {result.Message}", result.Accepted ? Severity.Info : Severity.Warning);
            await LoadAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Snackbar.Add($"Could not {verb}: {Services.Logging.SecretRedactor.Redact(e.Message)}", Severity.Error);
        }
        finally
        {
            _validating = false;
        }
    }

    private async Task LoadAsync()
    {
        _loading = true;
        _notFound = false;
        _error = null;
        if (!ClientId.TryParse(Id, out var id, out _) || !(await Access.GetScopeAsync()).Allows(id))
        {
            // An id that breaks the rules cannot be registered either, and another user's client must not be told
            // apart from a missing one: the same answer as an unknown id.
            _notFound = true;
            _loading = false;
            return;
        }

        try
        {
            _data = await ReadAsync(id, _lifetime.Token);
            _notFound = _data is null;
            _day ??= _data?.DefaultDay;
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            // A store that is down becomes the page's error state with "Try again", not a dead circuit.
            _error = ex.Message;
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task<ViewerData?> ReadAsync(ClientId id, CancellationToken cancellationToken)
    {
        if (await Queries.GetSummaryAsync(id, cancellationToken) is not { } summary)
        {
            return null;
        }

        var rollups = Queries.GetDailyRollupsAsync(id, cancellationToken);
        var campaigns = Queries.GetCampaignsAsync(id, cancellationToken);
        var flows = Queries.GetFlowsAsync(id, cancellationToken);
        var status = Coordinator.Board.Find(id);
        return new ViewerData(
            id,
            summary,
            await rollups,
            ByImpact((await campaigns).Select(MessageRow.From)),
            ByImpact((await flows).Select(MessageRow.From)),
            status,
            DataFormat.TimeZone(status?.TimeZone));
    }

    // Most accounts have many campaigns without activity in the range: the ones that earned or reached people come first.
    private static IReadOnlyList<MessageRow> ByImpact(IEnumerable<MessageRow> rows) =>
        [.. rows.OrderByDescending(r => r.Statistics.ConversionValue)
            .ThenByDescending(r => r.Statistics.Recipients)
            .ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)];

    private void ShowDay(DateOnly day)
    {
        _day = day;
        _tab = OrdersTab;
    }

    private void DayChanged(DateOnly? day) => _day = day;

    private Task<IReadOnlyList<DailyMessageStatistics>> LoadCampaignSeriesAsync(string campaignId, CancellationToken cancellationToken) =>
        Queries.GetCampaignSeriesAsync(_data!.ClientId, campaignId, _data.Days, cancellationToken);

    private Task<IReadOnlyList<DailyMessageStatistics>> LoadFlowSeriesAsync(string flowId, CancellationToken cancellationToken) =>
        Queries.GetFlowSeriesAsync(_data!.ClientId, flowId, _data.Days, cancellationToken);
}

/// <summary>Everything the viewer read for one client, in one immutable snapshot.</summary>
public sealed record ViewerData(
    ClientId ClientId,
    BackfillSummary Summary,
    IReadOnlyList<DailyRollup> Rollups,
    IReadOnlyList<MessageRow> Campaigns,
    IReadOnlyList<MessageRow> Flows,
    BackfillStatus? Status,
    TimeZoneInfo Zone)
{
    public bool HasData => Rollups.Count > 0 || Summary.Orders > 0 || Campaigns.Count > 0 || Flows.Count > 0;

    /// <summary>Every backfilled day: the days a campaign's or flow's daily series is read for.</summary>
    public IReadOnlyList<DateOnly> Days { get; } = [.. Rollups.Select(r => r.Date)];

    /// <summary>The latest day with orders, else the latest day: what the orders tab opens on.</summary>
    public DateOnly? DefaultDay =>
        Rollups.LastOrDefault(r => r.Orders > 0)?.Date ?? (Rollups.Count > 0 ? Rollups[^1].Date : Summary.EndDate);

    /// <summary>Campaign and flow names by id, for the orders' attribution column.</summary>
    public IReadOnlyDictionary<string, string> MessageNames { get; } =
        Campaigns.Concat(Flows).GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
}
