using System.Text.Json;
using Backfill.Services.Klaviyo.Client;

namespace Backfill.Services.Orders;

/// <summary>
/// Line items from, in order of preference: Shopify's raw <c>$extra.line_items</c>; the custom-integration
/// <c>Items</c> objects; or a bare list of product names (Shopify's top-level <c>Items</c> / <c>ItemNames</c>).
/// </summary>
internal static class OrderLineItemReader
{
    public static IReadOnlyList<OrderLineItem> Read(JsonElement properties, JsonElement? extra)
    {
        var shopify = extra?.Array("line_items").Where(IsObject).Select(Shopify).ToList();
        if (shopify is { Count: > 0 })
        {
            return shopify;
        }

        var items = properties.Array("Items").ToList();
        var custom = items.Where(IsObject).Select(Custom).ToList();
        if (custom.Count > 0)
        {
            return custom;
        }

        var names = items.Count > 0 ? items.Select(i => i.AsText()).OfType<string>().ToList() : [.. OrderJson.Strings(properties, "ItemNames", "Item Names")];
        return [.. names.Select(name => new OrderLineItem(null, null, name, null, null, null, null, [], null))];
    }

    private static OrderLineItem Shopify(JsonElement line)
    {
        var quantity = OrderJson.Count(line.Decimal("quantity"));
        var price = line.Decimal("price");
        var total = line.Decimal("line_price") ?? Multiply(price, quantity);
        var productType = line.String("product_type") ?? line.Object("product")?.String("product_type");
        return new OrderLineItem(
            line.String("product_id"),
            line.String("sku"),
            line.String("title") ?? line.String("name"),
            line.String("variant_title"),
            quantity,
            price,
            total,
            productType is null ? [] : [productType],
            line.String("vendor") ?? line.Object("product")?.String("vendor"));
    }

    private static OrderLineItem Custom(JsonElement item)
    {
        var quantity = OrderJson.Count(OrderJson.FirstDecimal(item, "Quantity", "quantity", "Qty"));
        var price = OrderJson.FirstDecimal(item, "ItemPrice", "Price", "price", "UnitPrice");
        var total = OrderJson.FirstDecimal(item, "RowTotal", "LineTotal", "line_price", "Total") ?? Multiply(price, quantity);
        return new OrderLineItem(
            OrderJson.FirstString(item, "ProductID", "ProductId", "product_id", "Id", "id"),
            OrderJson.FirstString(item, "SKU", "Sku", "sku"),
            OrderJson.FirstString(item, "ProductName", "Name", "name", "Title", "title"),
            OrderJson.FirstString(item, "VariantName", "Variant", "variant_title", "VariantTitle"),
            quantity,
            price,
            total,
            OrderJson.Distinct(OrderJson.Strings(item, "Categories", "Category", "categories")),
            OrderJson.FirstString(item, "Brand", "brand", "Vendor", "vendor"));
    }

    private static decimal? Multiply(decimal? price, int? quantity) => price is { } p && quantity is { } q ? p * q : null;

    private static bool IsObject(JsonElement element) => element.ValueKind == JsonValueKind.Object;
}
