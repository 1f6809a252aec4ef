using Backfill.Services.Backfill.Data;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Backfill.Web.Components.DataViewer;

/// <summary>
/// Pages one day's orders through <see cref="BackfillDataQueries.GetOrdersAsync"/>. The store pages forward with keyset
/// tokens, so the grid remembers the token of every page it has reached; jumping ahead walks the pages in between once.
/// A new day is a new instance (the parent keys it by day), so tokens never leak from one day to another.
/// </summary>
public sealed partial class OrdersGrid
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    // Index i holds the token that fetches page i (page 0 needs none).
    private readonly List<string?> _tokens = [null];
    private int _tokenPageSize;
    private MudDataGrid<StoredOrder>? _grid;
    private OrdersPage? _page;
    private string? _error;

    [Parameter, EditorRequired]
    public required ClientId ClientId { get; set; }

    [Parameter, EditorRequired]
    public required DateOnly Day { get; set; }

    [Parameter, EditorRequired]
    public required TimeZoneInfo TimeZone { get; set; }

    /// <summary>Campaign and flow names by id, to name an order's attribution.</summary>
    [Parameter, EditorRequired]
    public required IReadOnlyDictionary<string, string> MessageNames { get; set; }

    [Inject]
    private BackfillDataQueries Queries { get; set; } = null!;

    private static string RowClass(StoredOrder order, int index) => $"order-row order-row-{order.DocumentId}";

    private async Task<GridData<StoredOrder>> LoadAsync(GridState<StoredOrder> state, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(state.PageSize, 1, BackfillDataQueries.MaxPageSize);
        if (size != _tokenPageSize)
        {
            _tokens.Clear();
            _tokens.Add(null);
            _tokenPageSize = size;
        }

        try
        {
            while (_tokens.Count <= state.Page)
            {
                var skipped = await Queries.GetOrdersAsync(ClientId, Day, size, _tokens[^1], cancellationToken);
                if (skipped.NextPageToken is null)
                {
                    break;
                }

                _tokens.Add(skipped.NextPageToken);
            }

            var index = Math.Min(state.Page, _tokens.Count - 1);
            var page = await Queries.GetOrdersAsync(ClientId, Day, size, _tokens[index], cancellationToken);
            if (page.NextPageToken is not null && _tokens.Count == index + 1)
            {
                _tokens.Add(page.NextPageToken);
            }

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
