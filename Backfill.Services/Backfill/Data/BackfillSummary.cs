using Backfill.Services.Backfill.Documents;

namespace Backfill.Services.Backfill.Data;

/// <summary>
/// What a client's backfilled data adds up to: the API's <c>summary</c> and the data viewer's KPI cards (one query
/// code for both, so they always agree). Money totals are in <see cref="Currency"/>, the account's main currency.
/// </summary>
public sealed record BackfillSummary(
    string ClientId,
    string ClientName,
    long Campaigns,
    long Flows,
    long Orders,
    string Currency,
    decimal TotalRevenue,
    decimal AverageOrderValue,
    IReadOnlyDictionary<string, decimal> RevenueByCurrency,
    IReadOnlyDictionary<string, long> OrdersByCurrency,
    int DaysWithOrders,
    int DaysCovered,
    DateOnly? StartDate,
    DateOnly? EndDate,
    BackfillState State,
    double Progress)
{
    /// <summary>What the latest validation of the copied days found (none checked when never validated).</summary>
    public Validation.ValidationSummary Validation { get; init; } = Backfill.Validation.ValidationSummary.None;
    /// <summary>Refunded on the copied orders (main currency), counted on each order's day; <see cref="TotalRevenue"/> stays gross.</summary>
    public decimal RefundedRevenue { get; init; }

    /// <summary><see cref="TotalRevenue"/> less <see cref="RefundedRevenue"/>.</summary>
    public decimal NetRevenue { get; init; }

    /// <summary><see cref="NetRevenue"/> per order of the main currency (refunded and cancelled orders still count as orders).</summary>
    public decimal NetAverageOrderValue { get; init; }
}

/// <summary>One page of orders, with the totals of everything the filter matches.</summary>
public sealed record OrdersPage(
    string ClientId,
    DateOnly? Date,
    long TotalOrders,
    decimal TotalValue,
    IReadOnlyList<StoredOrder> Orders,
    string? NextPageToken);

/// <summary>A malformed or foreign page token: the caller's input error, not ours.</summary>
public sealed class InvalidPageTokenException(string message) : ArgumentException(message, "page_token");
