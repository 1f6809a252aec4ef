using Backfill.Services.Backfill.Data;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Backfill.Web.Components.DataViewer;

/// <summary>
/// Pages one day's orders through <see cref="DayOrderQueries.GetPageAsync"/>, forward and back, sorted by time or value,
/// or only the orders matching a searched order id, order number or e-mail. A new day is a new instance (the parent
/// keys it by day), so a search never leaks from one day to another.
/// </summary>
public sealed partial class OrdersGrid
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private MudDataGrid<StoredOrder>? _grid;
    private DayOrderPage? _page;
    private string? _error;
    private string? _search;
    private DayOrderSort _sort = DayOrderSort.TimeAscending;

    [Parameter, EditorRequired]
    public required ClientId ClientId { get; set; }

    [Parameter, EditorRequired]
    public required DateOnly Day { get; set; }

    [Parameter, EditorRequired]
    public required TimeZoneInfo TimeZone { get; set; }

    /// <summary>Campaign and flow names by id, to name an order's attribution.</summary>
    [Parameter, EditorRequired]
    public required IReadOnlyDictionary<string, string> MessageNames { get; set; }

    /// <summary>
    /// Counts the page's live re-reads (at most one a second while a run writes this client's days): each new value
    /// reloads the rows shown, on the same page with the same sort and search, so a day being written fills in.
    /// </summary>
    [Parameter]
    public int LiveVersion { get; set; }

    private int? _liveVersion;

    [Inject]
    private DayOrderQueries Queries { get; set; } = null!;

    protected override async Task OnParametersSetAsync()
    {
        var changed = _liveVersion is { } shown && shown != LiveVersion;
        _liveVersion = LiveVersion;
        if (changed && _grid is not null)
        {
            // Not ReloadAsync: the page, its size, the sort and the search stay as the user left them.
            await _grid.ReloadServerData();
        }
    }

    private static string RowClass(StoredOrder order, int index) => $"order-row order-row-{order.DocumentId}";

    private async Task SearchAsync(string? text)
    {
        _search = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        await ReloadAsync();
    }

    private async Task SortAsync(ChangeEventArgs e)
    {
        _sort = Enum.TryParse<DayOrderSort>(e.Value?.ToString(), out var sort) ? sort : DayOrderSort.TimeAscending;
        await ReloadAsync();
    }

    // Back to the first page: page 3 of one order means nothing after the filter or order changed.
    private async Task ReloadAsync()
    {
        if (_grid is not null)
        {
            _grid.NavigateTo(Page.First);
            await _grid.ReloadServerData();
        }
    }

    private async Task<GridData<StoredOrder>> LoadAsync(GridState<StoredOrder> state, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(state.PageSize, 1, BackfillDataQueries.MaxPageSize);
        try
        {
            var page = await Queries.GetPageAsync(ClientId, Day, _sort, _search, state.Page, size, cancellationToken);
            _page = page;
            _error = null;
            return new GridData<StoredOrder> { Items = page.Orders, TotalItems = (int)Math.Min(page.TotalOrders, int.MaxValue) };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // A failed read shows in place of the rows; the rest of the page keeps working.
            _error = ex.Message;
            return new GridData<StoredOrder> { Items = [], TotalItems = 0 };
        }
    }
}
