using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Bulk;
using Backfill.Services.Storage;
using Backfill.Web.Components.Manager.Triage;
using Backfill.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace Backfill.Web.Components.Manager;

/// <summary>
/// Triage of the manager: the summary's filter, the sort, the page of rows shown, and the selection the bulk actions
/// work on. Only one page of rows is rendered, so hundreds of clients cost the circuit one page.
/// </summary>
public sealed partial class BackfillManager
{
    private readonly HashSet<ClientId> _selected = [];
    private TriageFilter _triageFilter;
    private TriageSort _sort;
    private int _page = 1;

    // The first render with clients sends the rows the screen shows first; the pagination under the grid (about 9 KB of
    // render batch) follows in the next batch. The bulk bar and sort select above the grid do not: deferred, they moved
    // the grid when they arrived (their bar wraps to a height that depends on the window's width).
    private bool _secondaryShown;

    [Inject]
    private GuardedBulkCommands BulkCommands { get; set; } = null!;

    [Inject]
    private IOptions<TriageOptions> TriageOptions { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    private BoardTriage Triage => new(DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime).AddDays(-1), TriageOptions.Value.StaleAfterDays);

    // The order shown, kept while only statuses change: rows must not jump under the user's pointer or keyboard focus
    // when a run ends. It is sorted afresh when the sort, a filter or the search changes; clients that newly match
    // are sorted in after the others.
    private List<ClientId>? _order;
    private (TriageFilter, TriageSort, BackfillState?, string?) _orderedFor;

    // Per snapshot, not per render: the page asks for these several times a render, and re-renders on every snapshot.
    private (BackfillBoard?, DateOnly, TriageCounts)? _counts;
    private (BackfillBoard?, DateOnly, TriageFilter, TriageSort, BackfillState?, string?, IReadOnlyList<BackfillStatus>)? _matching;

    /// <summary>The summary line's counts of the current snapshot.</summary>
    private TriageCounts Counts
    {
        get
        {
            var triage = Triage;
            if (_counts is not { } cached || !ReferenceEquals(cached.Item1, _board) || cached.Item2 != triage.Yesterday)
            {
                _counts = cached = (_board, triage.Yesterday, triage.Count(_board?.Statuses ?? []));
            }

            return cached.Item3;
        }
    }

    /// <summary>The clients the summary part, the status filter and the search match, in the chosen order (every page).</summary>
    private IReadOnlyList<BackfillStatus> Matching
    {
        get
        {
            var yesterday = Triage.Yesterday;
            if (_matching is { } cached && ReferenceEquals(cached.Item1, _board) && cached.Item2 == yesterday
                && (cached.Item3, cached.Item4, cached.Item5, cached.Item6) == (_triageFilter, _sort, _stateFilter, _search))
            {
                return cached.Item7;
            }

            var matching = Match();
            _matching = (_board, yesterday, _triageFilter, _sort, _stateFilter, _search, matching);
            return matching;
        }
    }

    private IReadOnlyList<BackfillStatus> Match()
    {
        var triage = Triage;
        var matching = Visible.Where(s => triage.Matches(s, _triageFilter)).ToDictionary(s => s.ClientId);
        var key = (_triageFilter, _sort, _stateFilter, _search);
        if (_order is null || key != _orderedFor)
        {
            _order = [.. triage.Sort(matching.Values, _sort).Select(s => s.ClientId)];
            _orderedFor = key;
        }
        else
        {
            var kept = _order.Where(matching.ContainsKey).ToList();
            var known = kept.ToHashSet();
            _order = [.. kept, .. triage.Sort(matching.Values.Where(s => !known.Contains(s.ClientId)), _sort).Select(s => s.ClientId)];
        }

        return [.. _order.Select(id => matching[id])];
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (!_secondaryShown && _board is { Statuses.Count: > 0 })
        {
            _secondaryShown = true;
            StateHasChanged();
        }
    }

    private int PageCount(int matching) => Math.Max(1, (matching + TriageOptions.Value.PageSize - 1) / TriageOptions.Value.PageSize);

    private IReadOnlyList<BackfillStatus> PageOf(IReadOnlyList<BackfillStatus> matching)
    {
        var page = Math.Clamp(_page, 1, PageCount(matching.Count));
        return [.. matching.Skip((page - 1) * TriageOptions.Value.PageSize).Take(TriageOptions.Value.PageSize)];
    }

    private void TriageFilterChanged(TriageFilter filter)
    {
        _triageFilter = filter;
        _page = 1;
    }

    private void SortChanged(TriageSort sort)
    {
        _sort = sort;
        _page = 1;
    }

    private void PageChanged(int page) => _page = page;

    private void ToggleSelected(ClientId id)
    {
        if (!_selected.Remove(id))
        {
            _selected.Add(id);
        }
    }

    private void SelectPage(IReadOnlyList<BackfillStatus> page, bool selected)
    {
        foreach (var status in page)
        {
            if (selected)
            {
                _selected.Add(status.ClientId);
            }
            else
            {
                _selected.Remove(status.ClientId);
            }
        }
    }

    private void SelectAllMatching() => _selected.UnionWith(Matching.Select(s => s.ClientId));

    private void ClearSelection() => _selected.Clear();

    private async Task BulkAsync(BulkAction action)
    {
        // Only clients still on the board: one removed since it was selected is simply not asked about.
        var names = (_board?.Statuses ?? []).ToDictionary(s => s.ClientId, s => s.ClientName);
        var clients = _selected.Where(names.ContainsKey).OrderBy(id => names[id], StringComparer.OrdinalIgnoreCase).Select(id => (id, names[id])).ToList();
        if (clients.Count == 0)
        {
            return;
        }

        var parameters = new DialogParameters<BulkDialog>
        {
            { d => d.Action, action },
            { d => d.Clients, clients },
            { d => d.Run, () => BulkCommands.RunAsync(action, [.. clients.Select(c => c.id)], _lifetime.Token) },
        };
        var dialog = await Dialogs.ShowAsync<BulkDialog>(
            $"{action.Label()} clients", parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is { Canceled: false })
        {
            _selected.Clear();
        }
    }
}
