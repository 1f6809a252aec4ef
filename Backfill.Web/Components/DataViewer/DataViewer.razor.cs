using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Data;
using Backfill.Services.Backfill.Data.Ranges;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;
using Backfill.Web.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Backfill.Web.Components.DataViewer;

/// <summary>
/// The data viewer of one client: reads the summary (the same <see cref="BackfillDataQueries.GetSummaryAsync"/> the API's
/// <c>summary</c> uses, so the numbers agree), the daily rollups, campaigns and flows once, and hands them to
/// presentational children. Orders are paged by the orders grid itself, one day at a time. The range (in the address
/// as <c>?from=&amp;to=</c>) only filters what was read, so changing it costs no read; while a run writes this client's
/// days the page re-reads itself, at most once per <see cref="LiveInterval"/>, keeping range, tab and scroll.
/// </summary>
public sealed partial class DataViewer : IAsyncDisposable
{
    private const int OrdersTab = 1;
    private const int BreakdownsTab = 2;

    /// <summary>The shortest time between two live re-reads, however fast a run writes days.</summary>
    public static readonly TimeSpan LiveInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _lifetime = new();
    private ViewerData? _data;
    private bool _loading = true;
    private bool _notFound;
    private string? _error;
    private string? _loadedId;
    private int _tab;
    private DateOnly? _day;
    private DayRange _range;
    private DateOnly _today;
    private RangeReport? _report;
    private IReadOnlyList<DailyRollup> _rangeRollups = [];
    private IReadOnlyList<DailyRollup>? _breakdownRollups;
    private IReadOnlyList<DailyRollup> _breakdownRangeRollups = [];
    private RangeReport? _breakdownReport;
    private string? _breakdownError;
    private IBackfillSubscription? _subscription;
    private Task? _watch;
    private object? _liveSignature;
    private long _lastReload = long.MinValue;
    private int _liveUpdates;

    /// <summary>The client id from the address.</summary>
    [Parameter]
    public string Id { get; set; } = "";

    /// <summary>The first day shown (yyyy-MM-dd, account-local); the copy's first covered day when absent.</summary>
    [SupplyParameterFromQuery(Name = "from")]
    public string? From { get; set; }

    /// <summary>The last day shown; the copy's last covered day when absent.</summary>
    [SupplyParameterFromQuery(Name = "to")]
    public string? To { get; set; }

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

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    private bool _canOperate;
    private bool _validating;

    private string Title => _data?.Summary.ClientName is { } name ? $"{name} data" : "Data";

    protected override async Task OnParametersSetAsync()
    {
        if (string.Equals(Id, _loadedId, StringComparison.Ordinal))
        {
            // Same client, new address (a preset, or the browser's back button): only the range changes.
            if (_data is not null)
            {
                SetRange(RangeFromAddress(_data));
            }

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
        if (_watch is not null)
        {
            await _watch;
        }

        _subscription?.Dispose();
        _lifetime.Dispose();
    }

    protected override void OnInitialized()
    {
        _subscription = Coordinator.Subscribe();
        _watch = WatchAsync(_subscription, _lifetime.Token);
    }

    // Never throws: the live feed is a convenience, and the Refresh button still works without it.
    private async Task WatchAsync(IBackfillSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var board in subscription.Updates.ReadAllAsync(cancellationToken))
            {
                if (_data is not { } data || Equals(Signature(board.Find(data.ClientId)), _liveSignature))
                {
                    continue;
                }

                // Latest-wins: boards that arrive while this waits replace each other, so a fast run costs one read a second.
                var since = _lastReload == long.MinValue ? LiveInterval : Time.GetElapsedTime(_lastReload);
                if (since < LiveInterval)
                {
                    await Task.Delay(LiveInterval - since, Time, cancellationToken);
                }

                await InvokeAsync(ReloadLiveAsync);
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

    /// <summary>What changes when a run writes a day of this client (progress alone, such as a phase text, does not count).</summary>
    private static object? Signature(BackfillStatus? status) =>
        status is null ? null : (status.State, status.RunId, status.DaysCompleted, status.LastCompletedDate, status.Orders);

    private async Task ReloadLiveAsync()
    {
        if (_data is null || _loading)
        {
            return;
        }

        _lastReload = Time.GetTimestamp();
        try
        {
            if (await ReadAsync(_data.ClientId, _lifetime.Token) is { } data)
            {
                var wasWholeCopy = _report is not null && _range == CoverageOf(_data);
                _data = data;
                _breakdownRollups = null;
                // A range that was the whole copy grows with it; a chosen range stays as chosen.
                SetRange(wasWholeCopy && !HasRangeInAddress() ? CoverageOf(data) : _range);
                _liveUpdates++;
                StateHasChanged();
                await LoadBreakdownsIfShownAsync();
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // A failed live read keeps what is shown; the next change (or Refresh) tries again.
            Snackbar.Add($"Could not update the data: {Services.Logging.SecretRedactor.Redact(ex.Message)}", Severity.Warning);
        }
    }

    private Task ChangeRangeAsync(DayRange range)
    {
        SetRange(range);
        Navigation.NavigateTo($"/data/{Uri.EscapeDataString(Id)}?from={DataFormat.Date(range.From)}&to={DataFormat.Date(range.To)}");
        return Task.CompletedTask;
    }

    private static DayRange CoverageOf(ViewerData data)
    {
        var last = data.Summary.EndDate ?? (data.Rollups.Count > 0 ? data.Rollups[^1].Date : DateOnly.FromDateTime(DateTime.UtcNow));
        return new DayRange(data.Summary.StartDate ?? (data.Rollups.Count > 0 ? data.Rollups[0].Date : last), last);
    }

    private bool HasRangeInAddress() => From is not null || To is not null;

    /// <summary>The range in the address; a missing or unreadable end falls back to the copy's coverage.</summary>
    private DayRange RangeFromAddress(ViewerData data)
    {
        var coverage = CoverageOf(data);
        var from = Parse(From) ?? coverage.From;
        var to = Parse(To) ?? coverage.To;
        return from <= to && new DayRange(from, to).Days <= DayRange.MaxDays ? new DayRange(from, to) : coverage;
    }

    private static DateOnly? Parse(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", DataFormat.Invariant, System.Globalization.DateTimeStyles.None, out var day) ? day : null;

    private void SetRange(DayRange range)
    {
        var data = _data!;
        _range = range;
        _today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Time.GetUtcNow(), data.Zone).DateTime);
        _rangeRollups = [.. data.Rollups.Where(r => range.Contains(r.Date))];
        _report = RangeReport.Build(range, data.Rollups, data.Summary.Currency, data.Summary.StartDate, data.Summary.EndDate);
        _liveSignature = Signature(Coordinator.Board.Find(data.ClientId));
        BuildBreakdowns();
    }

    /// <summary>The range's breakdowns from the rollups read with them, once read; a range change needs no new read.</summary>
    private void BuildBreakdowns()
    {
        if (_breakdownRollups is not { } rollups || _data is not { } data)
        {
            _breakdownReport = null;
            _breakdownRangeRollups = [];
            return;
        }

        _breakdownRangeRollups = [.. rollups.Where(r => _range.Contains(r.Date))];
        _breakdownReport = RangeReport.Build(_range, rollups, data.Summary.Currency, data.Summary.StartDate, data.Summary.EndDate);
    }

    private async Task TabChangedAsync(int tab)
    {
        _tab = tab;
        await LoadBreakdownsIfShownAsync();
    }

    /// <summary>
    /// Reads the rollups with their breakdowns when the breakdowns tab is open and they are not read yet (the first
    /// render reads the rollups without them). A live update or refresh while this reads discards the stale result.
    /// </summary>
    private async Task LoadBreakdownsIfShownAsync()
    {
        if (_tab != BreakdownsTab || _data is not { } data || _breakdownRollups is not null)
        {
            return;
        }

        _breakdownError = null;
        try
        {
            var rollups = await Queries.GetDailyRollupsAsync(data.ClientId, _lifetime.Token);
            if (ReferenceEquals(data, _data))
            {
                _breakdownRollups = rollups;
                BuildBreakdowns();
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _breakdownError = ex.Message;
        }
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
            _breakdownRollups = null;
            _notFound = _data is null;
            if (_data is not null)
            {
                SetRange(RangeFromAddress(_data));
                _day ??= _rangeRollups.LastOrDefault(r => r.Orders > 0)?.Date ?? _data.DefaultDay;
            }

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

        await LoadBreakdownsIfShownAsync();
    }

    private async Task<ViewerData?> ReadAsync(ClientId id, CancellationToken cancellationToken)
    {
        // One read of the rollups, without their breakdowns (a tenth of the bytes), serves the summary, the KPI cards and
        // the charts; the breakdowns tab reads them with breakdowns when it opens.
        var rollupsRead = Queries.GetDailyTotalsAsync(id, cancellationToken);
        var campaigns = Queries.GetCampaignsAsync(id, cancellationToken);
        var flows = Queries.GetFlowsAsync(id, cancellationToken);
        var rollups = Task.FromResult(await rollupsRead);
        if (await Queries.GetSummaryAsync(id, await rollups, cancellationToken) is not { } summary)
        {
            await Task.WhenAll(campaigns, flows);
            return null;
        }

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

    // A campaign's or flow's series covers the range shown.
    private IReadOnlyList<DateOnly> RangeDays => [.. _rangeRollups.Select(r => r.Date)];

    private Task<IReadOnlyList<DailyMessageStatistics>> LoadCampaignSeriesAsync(string campaignId, CancellationToken cancellationToken) =>
        Queries.GetCampaignSeriesAsync(_data!.ClientId, campaignId, RangeDays, cancellationToken);

    private Task<IReadOnlyList<DailyMessageStatistics>> LoadFlowSeriesAsync(string flowId, CancellationToken cancellationToken) =>
        Queries.GetFlowSeriesAsync(_data!.ClientId, flowId, RangeDays, cancellationToken);
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
