using System.Text.Json.Serialization;
using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Data;
using Backfill.Services.Backfill.Documents;

namespace Backfill.Web.Endpoints.Backfill;

/// <summary>The API's shapes (snake_case on the wire).</summary>
internal sealed record StatusListResponse(
    int Total, int InProgress, int Queued, int Completed, int Failed, int Cancelled, int NotStarted, IReadOnlyList<StatusResponse> Statuses);

internal sealed record StartedResponse(
    string Status, string ClientId, string ClientName, int? Years, int? Days, bool IncludeOrders, string Message, string StatusUrl);

internal sealed record StartAllResponse(
    string Status, IReadOnlyList<ClientRef> Clients, IReadOnlyList<ClientRef> SkippedRunning, int? Years, int? Days, bool IncludeOrders, bool TestMode, string Message);

internal sealed record ClientRef(string Id, string Name);

internal sealed record CommandResponse(string Status, string ClientId, string Message, StatusResponse? Backfill);

internal sealed record SummaryResponse(string ClientId, string ClientName, SummaryBody Summary, DateRangeBody DateRange, ValidationBody Validation)
{
    public static SummaryResponse From(BackfillSummary s) => new(
        s.ClientId, s.ClientName,
        new SummaryBody(s.Campaigns, s.Flows, s.Orders, s.TotalRevenue, s.AverageOrderValue, s.Currency, s.RevenueByCurrency, s.OrdersByCurrency, s.DaysWithOrders)
        {
            NetRevenue = s.NetRevenue,
            RefundedRevenue = s.RefundedRevenue,
            NetAverageOrderValue = s.NetAverageOrderValue,
        },
        new DateRangeBody(s.StartDate, s.EndDate, s.State.ToWire(), s.Progress, s.DaysCovered),
        new ValidationBody(s.Validation.CheckedDays, s.Validation.Mismatched.Count, s.Validation.ValidatedAt));
}

/// <summary>The summary's <c>validation</c>: days compared with Klaviyo, how many differ, and the latest comparison.</summary>
internal sealed record ValidationBody(int CheckedDays, int MismatchedDays, DateTimeOffset? ValidatedAt);

internal sealed record SummaryBody(
    long Campaigns, long Flows, long Orders, decimal TotalRevenue, decimal AverageOrderValue, string Currency,
    IReadOnlyDictionary<string, decimal> RevenueByCurrency, IReadOnlyDictionary<string, long> OrdersByCurrency, int DaysWithOrders)
{
    /// <summary>total_revenue less refunds of those orders (main currency); total_revenue stays gross.</summary>
    public decimal NetRevenue { get; init; }

    public decimal RefundedRevenue { get; init; }

    public decimal NetAverageOrderValue { get; init; }
}

internal sealed record DateRangeBody(DateOnly? StartDate, DateOnly? EndDate, string Status, double Progress, int DaysCovered);

internal sealed record OrdersResponse(
    string ClientId, DateOnly? DateFilter, long TotalOrders, decimal TotalValue, int Count, IReadOnlyList<OrderResponse> Orders, string? NextPageToken)
{
    public static OrdersResponse From(OrdersPage page) => new(
        page.ClientId, page.Date, page.TotalOrders, page.TotalValue, page.Orders.Count, [.. page.Orders.Select(OrderResponse.From)], page.NextPageToken);
}

/// <summary>An order as the API returns it: the stored document's fields (raw properties as a JSON string).</summary>
internal sealed record OrderResponse(
    string EventId,
    string KlaviyoEventId,
    string? OrderId,
    string? OrderNumber,
    DateTimeOffset PlacedAt,
    DateOnly Date,
    decimal Value,
    string Currency,
    decimal? Subtotal,
    decimal? Tax,
    decimal? TotalDiscount,
    IReadOnlyList<string> DiscountCodes,
    string? ShippingMethod,
    decimal? ShippingAmount,
    int ItemCount,
    IReadOnlyList<Services.Orders.OrderLineItem> LineItems,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Brands,
    Services.Orders.OrderCustomer Customer,
    Services.Orders.OrderUtm Utm,
    Services.Orders.OrderAttribution? Attribution,
    string? SourceName,
    string? RawProperties)
{
    public static OrderResponse From(StoredOrder stored)
    {
        var o = stored.Order;
        return new(
            o.EventId, o.KlaviyoEventId, o.OrderId, o.OrderNumber, o.PlacedAtUtc, o.LocalDate, o.Value, o.Currency, o.Subtotal, o.Tax,
            o.TotalDiscount, o.DiscountCodes, o.ShippingMethod, o.ShippingAmount, o.ItemCount, o.LineItems, o.Categories, o.Brands,
            o.Customer, o.Utm, o.Attribution, o.SourceName, stored.RawPropertiesJson);
    }
}

/// <param name="Warnings">Only in the answer to adding a client: what to check, by field (a name that reads like another client's).</param>
internal sealed record ClientResponse(
    string Id, string Name, string? KlaviyoSecretName, string? PlacedOrderMetricId, bool SandboxAccount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Status,
    int? RefreshLookbackDays,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Warnings = null);
