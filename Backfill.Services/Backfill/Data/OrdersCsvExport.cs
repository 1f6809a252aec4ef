using System.Globalization;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Backfill.Export;
using Backfill.Services.Orders;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Data;

/// <summary>
/// A client's orders as CSV (RFC 4180), one row per order, in time order. Reads day by day through the daily copies,
/// so the whole history streams without sorting every order of the client at once.
/// </summary>
public sealed class OrdersCsvExport(BackfillDataQueries queries)
{
    private static readonly string[] Header =
    [
        "klaviyo_event_id", "order_id", "order_number", "placed_at_utc", "date", "value", "currency", "subtotal", "tax",
        "total_discount", "discount_codes", "shipping_method", "shipping_amount", "item_count", "line_items", "categories",
        "brands", "customer_email", "customer_first_name", "customer_last_name", "city", "region", "country", "zip",
        "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "attribution", "attributed_campaign_id",
        "attributed_flow_id", "source_name",
    ];

    /// <summary>Writes the header and every order of <paramref name="date"/>, or of every backfilled day when null; returns the row count.</summary>
    public async Task<long> WriteAsync(ClientId clientId, DateOnly? date, TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteLineAsync(string.Join(',', Header).AsMemory(), cancellationToken);
        IEnumerable<DateOnly> days = date is { } only
            ? [only]
            : (await queries.GetDailyRollupsAsync(clientId, cancellationToken)).Where(r => r.Orders > 0).Select(r => r.Date).Order();
        long rows = 0;
        foreach (var day in days)
        {
            await foreach (var stored in queries.GetDayOrdersAsync(clientId, day, cancellationToken))
            {
                await writer.WriteLineAsync(Row(stored.Order).AsMemory(), cancellationToken);
                rows++;
            }
        }

        return rows;
    }

    internal static string Row(Order order) => string.Join(',', new[]
    {
        Text(order.KlaviyoEventId), Text(order.OrderId), Text(order.OrderNumber),
        order.PlacedAtUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        order.LocalDate.ToString(DataLayout.DateFormat, CultureInfo.InvariantCulture),
        Number(order.Value), Text(order.Currency), Number(order.Subtotal), Number(order.Tax), Number(order.TotalDiscount),
        List(order.DiscountCodes), Text(order.ShippingMethod), Number(order.ShippingAmount),
        order.ItemCount.ToString(CultureInfo.InvariantCulture),
        List(order.LineItems.Select(LineItem)),
        List(order.Categories), List(order.Brands),
        Text(order.Customer.Email), Text(order.Customer.FirstName), Text(order.Customer.LastName), Text(order.Customer.City),
        Text(order.Customer.Region), Text(order.Customer.Country), Text(order.Customer.Zip),
        Text(order.Utm.Source), Text(order.Utm.Medium), Text(order.Utm.Campaign), Text(order.Utm.Term), Text(order.Utm.Content),
        Text(order.Attribution?.Kind.ToString().ToLowerInvariant()), Text(order.Attribution?.CampaignId), Text(order.Attribution?.FlowId),
        Text(order.SourceName),
    });

    private static string LineItem(OrderLineItem item) => OrderExportRow.LineItem(item);

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>A text cell: defused, then quoted when needed (the export's own cell rules).</summary>
    internal static string Text(string? value) => CsvCells.Text(value);

    /// <summary>Several values in one cell, separated by ';', each defused (a spreadsheet may split on ';').</summary>
    internal static string List(IEnumerable<string> values) => CsvCells.List(values);
}
