using System.Globalization;
using System.Text.Json;

namespace Backfill.Services.Klaviyo.Sandbox;

/// <summary>Writes a Placed Order's <c>event_properties</c> in the account's integration shape.</summary>
internal static class SandboxEventProperties
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(Utf8JsonWriter w, SandboxCatalog catalog, SandboxOrder order, SandboxProfile profile)
    {
        w.WriteStartObject("event_properties");
        if (order.Secondary)
        {
            WriteWooCommerce(w, catalog, order);
        }
        else if (catalog.Account.Shape == SandboxOrderShape.Shopify)
        {
            WriteShopify(w, catalog, order, profile);
        }
        else
        {
            WriteCustom(w, catalog, order, profile);
        }
        w.WriteEndObject();
    }

    public static string ShopifyOrderId(SandboxOrder order) =>
        (5_100_000_000_000L + order.OrderNumber * 7).ToString(Inv);

    private static void WriteShopify(Utf8JsonWriter w, SandboxCatalog catalog, SandboxOrder order, SandboxProfile profile)
    {
        var products = catalog.Account.Products;
        var orderId = ShopifyOrderId(order);
        w.WriteString("$event_id", orderId);
        w.WriteNumber("$value", order.Value);
        w.WriteString("$currency_code", order.Currency);
        w.WriteStartArray("Items");
        foreach (var item in order.Items)
        {
            w.WriteStringValue(products[item.Product].Title);
        }
        w.WriteEndArray();
        w.WriteStartArray("Collections");
        foreach (var category in order.Items.Select(i => products[i.Product].Category).Distinct())
        {
            w.WriteStringValue(category);
        }
        w.WriteEndArray();
        var itemCount = order.Items.Sum(i => i.Quantity);
        if ((order.Quirks & SandboxOrderQuirks.StringItemCount) != 0)
        {
            w.WriteString("Item Count", itemCount.ToString(Inv));
        }
        else
        {
            w.WriteNumber("Item Count", itemCount);
        }
        w.WriteStartArray("Discount Codes");
        if (order.DiscountCode >= 0)
        {
            w.WriteStringValue(catalog.Account.DiscountCodes[order.DiscountCode]);
        }
        w.WriteEndArray();
        w.WriteString("Total Discounts", Money(order.Discount));
        w.WriteString("Source Name", order.SourceName);
        w.WriteString("Shipping Rate", order.Shipping == 0 ? "Free Shipping" : "Standard Shipping");
        w.WriteString("Customer Locale", catalog.Account.Locale);
        WriteAttribution(w, catalog, order);

        w.WriteStartObject("$extra");
        w.WriteNumber("id", long.Parse(orderId, Inv));
        w.WriteString("name", "#" + order.OrderNumber.ToString(Inv));
        w.WriteNumber("order_number", order.OrderNumber);
        w.WriteString("token", SandboxIds.Hex32(SandboxRandom.Hash(order.Noise, 1)));
        var created = DateTimeOffset.FromUnixTimeSeconds(order.Timestamp);
        var local = TimeZoneInfo.ConvertTime(created, catalog.Account.TimeZone);
        w.WriteString("created_at", local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", Inv));
        w.WriteString("processed_at", local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", Inv));
        w.WriteString("currency", order.Currency);
        w.WriteString("presentment_currency", order.Currency);
        w.WriteString("total_price", Money(order.Value));
        w.WriteString("current_total_price", Money(order.Value));
        w.WriteString("subtotal_price", Money(order.Subtotal - order.Discount));
        w.WriteString("current_subtotal_price", Money(order.Subtotal - order.Discount));
        w.WriteString("total_line_items_price", Money(order.Subtotal));
        w.WriteString("total_tax", Money(order.Tax));
        w.WriteString("total_discounts", Money(order.Discount));
        w.WriteString("financial_status", "paid");
        if (order.Noise % 10 == 0)
        {
            w.WriteNull("fulfillment_status");
        }
        else
        {
            w.WriteString("fulfillment_status", "fulfilled");
        }
        w.WriteString("source_name", order.SourceName);
        w.WriteStartArray("line_items");
        for (var i = 0; i < order.Items.Length; i++)
        {
            var item = order.Items[i];
            var product = products[item.Product];
            w.WriteStartObject();
            w.WriteNumber("id", 14_000_000_000_000L + order.OrderNumber * 10 + i);
            w.WriteNumber("product_id", product.ProductId);
            w.WriteNumber("variant_id", product.ProductId * 10 + 1);
            w.WriteString("sku", product.Sku);
            w.WriteString("title", product.Title);
            w.WriteString("variant_title", "Default Title");
            w.WriteString("name", product.Title);
            w.WriteNumber("quantity", item.Quantity);
            w.WriteString("price", Money(item.UnitPrice));
            w.WriteString("line_price", Money(item.UnitPrice * item.Quantity));
            if ((order.Quirks & SandboxOrderQuirks.NoBrand) == 0)
            {
                w.WriteString("vendor", product.Vendor);
            }
            w.WriteString("product_type", product.Category);
            w.WriteStartArray("properties");
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("shipping_lines");
        if (order.SourceName != "pos")
        {
            w.WriteStartObject();
            w.WriteString("title", order.Shipping == 0 ? "Free Shipping" : "Standard Shipping");
            w.WriteString("price", Money(order.Shipping));
            w.WriteString("code", order.Shipping == 0 ? "FREE" : "STANDARD");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("discount_codes");
        if (order.DiscountCode >= 0)
        {
            w.WriteStartObject();
            w.WriteString("code", catalog.Account.DiscountCodes[order.DiscountCode]);
            w.WriteString("amount", Money(order.Discount));
            w.WriteString("type", "percentage");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if ((order.Quirks & SandboxOrderQuirks.NoCustomer) == 0)
        {
            w.WriteStartObject("customer");
            w.WriteNumber("id", profile.ShopifyCustomerId);
            w.WriteString("email", profile.Email);
            w.WriteString("first_name", profile.FirstName);
            w.WriteString("last_name", profile.LastName);
            w.WriteEndObject();
            WriteShopifyAddress(w, "billing_address", profile);
            WriteShopifyAddress(w, "shipping_address", profile);
        }
        if ((order.Quirks & SandboxOrderQuirks.NoLandingSite) == 0)
        {
            var (landing, referrer) = Landing(catalog, order);
            w.WriteString("landing_site", landing);
            w.WriteString("full_landing_site", "https://" + catalog.Account.WebsiteDomain + landing);
            if (referrer is null)
            {
                w.WriteNull("referring_site");
            }
            else
            {
                w.WriteString("referring_site", referrer);
            }
        }
        w.WriteString("tags", string.Empty);
        w.WriteNull("note");
        w.WriteEndObject();
    }

    private static void WriteShopifyAddress(Utf8JsonWriter w, string name, SandboxProfile profile)
    {
        w.WriteStartObject(name);
        w.WriteString("first_name", profile.FirstName);
        w.WriteString("last_name", profile.LastName);
        w.WriteString("address1", profile.Address1);
        w.WriteString("city", profile.City.City);
        w.WriteString("province", profile.City.Region);
        w.WriteString("province_code", profile.City.RegionCode);
        w.WriteString("country", profile.City.Country);
        w.WriteString("country_code", profile.City.CountryCode);
        w.WriteString("zip", profile.City.Zip);
        w.WriteEndObject();
    }

    private static void WriteCustom(Utf8JsonWriter w, SandboxCatalog catalog, SandboxOrder order, SandboxProfile profile)
    {
        var products = catalog.Account.Products;
        var orderId = "AA-" + order.OrderNumber.ToString(Inv);
        w.WriteString("OrderId", orderId);
        w.WriteString("$event_id", orderId);
        if ((order.Quirks & SandboxOrderQuirks.StringValue) != 0)
        {
            w.WriteString("$value", Money(order.Value));
        }
        else
        {
            w.WriteNumber("$value", order.Value);
        }
        w.WriteString("$value_currency", order.Currency);
        var noBrand = (order.Quirks & SandboxOrderQuirks.NoBrand) != 0;
        w.WriteStartArray("Categories");
        foreach (var c in order.Items.Select(i => products[i.Product].Category).Distinct())
        {
            w.WriteStringValue(c);
        }
        w.WriteEndArray();
        w.WriteStartArray("ItemNames");
        foreach (var item in order.Items)
        {
            w.WriteStringValue(products[item.Product].Title);
        }
        w.WriteEndArray();
        if (!noBrand)
        {
            w.WriteStartArray("Brands");
            foreach (var b in order.Items.Select(i => products[i.Product].Vendor).Distinct())
            {
                w.WriteStringValue(b);
            }
            w.WriteEndArray();
        }
        if (order.DiscountCode >= 0)
        {
            w.WriteString("DiscountCode", catalog.Account.DiscountCodes[order.DiscountCode]);
            if (order.Noise % 3 == 0)
            {
                w.WriteString("DiscountValue", Money(order.Discount));
            }
            else
            {
                w.WriteNumber("DiscountValue", order.Discount);
            }
        }
        w.WriteStartArray("Items");
        foreach (var item in order.Items)
        {
            var product = products[item.Product];
            w.WriteStartObject();
            w.WriteString("ProductID", product.ProductId.ToString(Inv));
            w.WriteString("SKU", product.Sku);
            w.WriteString("ProductName", product.Title);
            w.WriteNumber("Quantity", item.Quantity);
            w.WriteNumber("ItemPrice", item.UnitPrice);
            w.WriteNumber("RowTotal", item.UnitPrice * item.Quantity);
            w.WriteString("ProductURL", "https://" + catalog.Account.WebsiteDomain + "/p/" + product.Sku);
            w.WriteString("ImageURL", "https://" + catalog.Account.WebsiteDomain + "/img/" + product.Sku + ".jpg");
            if (!noBrand)
            {
                w.WriteStartArray("Categories");
                w.WriteStringValue(product.Category);
                w.WriteEndArray();
                w.WriteString("Brand", product.Vendor);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if ((order.Quirks & SandboxOrderQuirks.NoBillingAddress) == 0)
        {
            WriteCustomAddress(w, "BillingAddress", profile);
        }
        WriteCustomAddress(w, "ShippingAddress", profile);
        WriteAttribution(w, catalog, order);
    }

    private static void WriteCustomAddress(Utf8JsonWriter w, string name, SandboxProfile profile)
    {
        w.WriteStartObject(name);
        w.WriteString("FirstName", profile.FirstName);
        w.WriteString("LastName", profile.LastName);
        w.WriteNull("Company");
        w.WriteString("Address1", profile.Address1);
        w.WriteString("City", profile.City.City);
        w.WriteString("Region", profile.City.Region);
        w.WriteString("RegionCode", profile.City.RegionCode);
        w.WriteString("Country", profile.City.Country);
        w.WriteString("CountryCode", profile.City.CountryCode);
        w.WriteString("Zip", profile.City.Zip);
        w.WriteEndObject();
    }

    private static void WriteWooCommerce(Utf8JsonWriter w, SandboxCatalog catalog, SandboxOrder order)
    {
        var products = catalog.Account.Products;
        var orderId = "WC-" + order.OrderNumber.ToString(Inv);
        w.WriteString("$event_id", orderId);
        w.WriteNumber("$value", order.Value);
        w.WriteString("Currency", order.Currency);
        w.WriteString("Channel", "wholesale");
        w.WriteStartArray("ItemNames");
        foreach (var item in order.Items)
        {
            w.WriteStringValue(products[item.Product].Title);
        }
        w.WriteEndArray();
    }

    private static void WriteAttribution(Utf8JsonWriter w, SandboxCatalog catalog, SandboxOrder order)
    {
        if (order.AttributionKind == SandboxAttributionKind.None)
        {
            return;
        }
        var target = SandboxAttribution.Resolve(catalog, order);
        w.WriteStartObject("$attribution");
        w.WriteString("$attributed_event_id", target.AttributedEventId);
        w.WriteNumber("$send_ts", (double)order.AttributionSendTs);
        w.WriteString("$message", target.MessageDimension);
        if (target.FlowId is not null)
        {
            w.WriteString("$flow", target.FlowId);
        }
        w.WriteString("$attributed_channel", target.Channel);
        w.WriteEndObject();
    }

    private static (string Landing, string? Referrer) Landing(SandboxCatalog catalog, SandboxOrder order)
    {
        var products = catalog.Account.Products;
        var product = products[order.LandingPage % products.Count];
        var path = ((order.LandingPage >> 8) % 3) switch
        {
            0 => "/",
            1 => "/products/" + Slug(product.Title),
            _ => "/collections/" + Slug(product.Category),
        };
        if (order.AttributionKind != SandboxAttributionKind.None)
        {
            var target = SandboxAttribution.Resolve(catalog, order);
            var medium = target.Channel == "push-notification" ? "push" : target.Channel;
            var query = string.Concat(
                "?utm_source=klaviyo&utm_medium=", medium,
                "&utm_campaign=", Uri.EscapeDataString(target.UtmCampaign),
                "&utm_id=", target.UtmId,
                "&_kx=", SandboxIds.Short(SandboxRandom.Hash(order.Noise, 2), 22));
            return (path + query, target.Channel == "email" ? "https://mail.google.com/" : null);
        }
        return ((order.LandingPage >> 12) % 5) switch
        {
            0 => (path + "?utm_source=google&utm_medium=cpc&utm_campaign=brand_search", "https://www.google.com/"),
            1 => (path + "?utm_source=instagram&utm_medium=social&utm_campaign=organic_bio", "https://l.instagram.com/"),
            2 => (path, "https://www.google.com/"),
            _ => (path, (string?)null),
        };
    }

    private static string Slug(string value) =>
        string.Concat(value.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')).Trim('-')
            .Replace("--", "-", StringComparison.Ordinal);

    private static string Money(decimal value) => value.ToString("0.00", Inv);
}
