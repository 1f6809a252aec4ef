using System.Globalization;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Orders;
using MiniExcelLibs.Attributes;

namespace Backfill.Services.Backfill.Export;

/// <summary>
/// One order: the columns of <c>orders.csv</c>, with the refund columns beside the value. The attribute names are the
/// header of both formats; the property types decide the cells (numbers, dates and times, text).
/// </summary>
public sealed class OrderExportRow
{
    [ExcelColumn(Name = "klaviyo_event_id", Width = 30)]
    public required string KlaviyoEventId { get; init; }

    [ExcelColumn(Name = "order_id", Width = 16)]
    public string? OrderId { get; init; }

    [ExcelColumn(Name = "order_number", Width = 14)]
    public string? OrderNumber { get; init; }

    [ExcelColumn(Name = "placed_at_utc", Format = ExportFormats.DateTime, Width = 20)]
    public DateTime PlacedAtUtc { get; init; }

    [ExcelColumn(Name = "date", Format = ExportFormats.Date, Width = 12)]
    public DateOnly Date { get; init; }

    [ExcelColumn(Name = "value", Format = ExportFormats.Money)]
    public decimal Value { get; init; }

    [ExcelColumn(Name = "currency")]
    public required string Currency { get; init; }

    [ExcelColumn(Name = "refunded_value", Format = ExportFormats.Money)]
    public decimal RefundedValue { get; init; }

    [ExcelColumn(Name = "net_value", Format = ExportFormats.Money)]
    public decimal NetValue { get; init; }

    [ExcelColumn(Name = "cancelled")]
    public bool Cancelled { get; init; }

    [ExcelColumn(Name = "refund_count")]
    public int RefundCount { get; init; }

    [ExcelColumn(Name = "subtotal", Format = ExportFormats.Money)]
    public decimal? Subtotal { get; init; }

    [ExcelColumn(Name = "tax", Format = ExportFormats.Money)]
    public decimal? Tax { get; init; }

    [ExcelColumn(Name = "total_discount", Format = ExportFormats.Money)]
    public decimal? TotalDiscount { get; init; }

    [ExcelColumn(Name = "discount_codes", Width = 16)]
    public ExportList DiscountCodes { get; init; }

    [ExcelColumn(Name = "shipping_method", Width = 16)]
    public string? ShippingMethod { get; init; }

    [ExcelColumn(Name = "shipping_amount", Format = ExportFormats.Money)]
    public decimal? ShippingAmount { get; init; }

    [ExcelColumn(Name = "item_count")]
    public int ItemCount { get; init; }

    [ExcelColumn(Name = "line_items", Width = 40)]
    public ExportList LineItems { get; init; }

    [ExcelColumn(Name = "categories", Width = 20)]
    public ExportList Categories { get; init; }

    [ExcelColumn(Name = "brands", Width = 16)]
    public ExportList Brands { get; init; }

    [ExcelColumn(Name = "customer_email", Width = 28)]
    public string? CustomerEmail { get; init; }

    [ExcelColumn(Name = "customer_first_name", Width = 14)]
    public string? CustomerFirstName { get; init; }

    [ExcelColumn(Name = "customer_last_name", Width = 14)]
    public string? CustomerLastName { get; init; }

    [ExcelColumn(Name = "city", Width = 14)]
    public string? City { get; init; }

    [ExcelColumn(Name = "region")]
    public string? Region { get; init; }

    [ExcelColumn(Name = "country")]
    public string? Country { get; init; }

    [ExcelColumn(Name = "zip")]
    public string? Zip { get; init; }

    [ExcelColumn(Name = "utm_source", Width = 14)]
    public string? UtmSource { get; init; }

    [ExcelColumn(Name = "utm_medium", Width = 14)]
    public string? UtmMedium { get; init; }

    [ExcelColumn(Name = "utm_campaign", Width = 20)]
    public string? UtmCampaign { get; init; }

    [ExcelColumn(Name = "utm_term", Width = 14)]
    public string? UtmTerm { get; init; }

    [ExcelColumn(Name = "utm_content", Width = 14)]
    public string? UtmContent { get; init; }

    [ExcelColumn(Name = "attribution")]
    public string? Attribution { get; init; }

    [ExcelColumn(Name = "attributed_campaign_id", Width = 16)]
    public string? AttributedCampaignId { get; init; }

    [ExcelColumn(Name = "attributed_flow_id", Width = 16)]
    public string? AttributedFlowId { get; init; }

    [ExcelColumn(Name = "source_name", Width = 14)]
    public string? SourceName { get; init; }

    public static OrderExportRow From(StoredOrder stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var order = stored.Order;
        return new OrderExportRow
        {
            KlaviyoEventId = order.KlaviyoEventId,
            OrderId = order.OrderId,
            OrderNumber = order.OrderNumber,
            PlacedAtUtc = order.PlacedAtUtc.UtcDateTime,
            Date = order.LocalDate,
            Value = order.Value,
            Currency = order.Currency,
            RefundedValue = stored.Refunds.RefundedValue,
            NetValue = stored.Refunds.NetValue,
            Cancelled = stored.Refunds.Cancelled,
            RefundCount = stored.Refunds.RefundCount,
            Subtotal = order.Subtotal,
            Tax = order.Tax,
            TotalDiscount = order.TotalDiscount,
            DiscountCodes = ExportList.Of(order.DiscountCodes),
            ShippingMethod = order.ShippingMethod,
            ShippingAmount = order.ShippingAmount,
            ItemCount = order.ItemCount,
            LineItems = ExportList.Of(order.LineItems.Select(LineItem)),
            Categories = ExportList.Of(order.Categories),
            Brands = ExportList.Of(order.Brands),
            CustomerEmail = order.Customer.Email,
            CustomerFirstName = order.Customer.FirstName,
            CustomerLastName = order.Customer.LastName,
            City = order.Customer.City,
            Region = order.Customer.Region,
            Country = order.Customer.Country,
            Zip = order.Customer.Zip,
            UtmSource = order.Utm.Source,
            UtmMedium = order.Utm.Medium,
            UtmCampaign = order.Utm.Campaign,
            UtmTerm = order.Utm.Term,
            UtmContent = order.Utm.Content,
            Attribution = order.Attribution?.Kind switch
            {
                OrderAttributionKind.Flow => "flow",
                OrderAttributionKind.Campaign => "campaign",
                _ => null,
            },
            AttributedCampaignId = order.Attribution?.CampaignId,
            AttributedFlowId = order.Attribution?.FlowId,
            SourceName = order.SourceName,
        };
    }

    /// <summary>The same text as <c>orders.csv</c>: "2x Name [SKU]".</summary>
    internal static string LineItem(OrderLineItem item)
    {
        var quantity = item.Quantity is { } q ? q.ToString(CultureInfo.InvariantCulture) + "x " : "";
        var sku = item.Sku is { Length: > 0 } s ? $" [{s}]" : "";
        return quantity + (item.Name ?? item.ProductId ?? "?") + sku;
    }
}
