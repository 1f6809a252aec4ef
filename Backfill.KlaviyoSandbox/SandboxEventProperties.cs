using System.Globalization;
using System.Text.Json;

namespace Backfill.KlaviyoSandbox;

/// <summary>Writes a Placed Order's <c>event_properties</c> in the account's integration shape.</summary>
internal static class SandboxEventProperties
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(Utf8JsonWriter w, SandboxCatalog catalog, SandboxOrder order, SandboxProfile profile)
    {
        w.WriteStartObject(N.EventProperties);
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
        if ((order.Quirks & SandboxOrderQuirks.Wholesale) != 0)
        {
            WritePackingNotes(w, catalog, order);
        }
        w.WriteEndObject();
    }

    /// <summary>A wholesale order's packing note per line item: what makes its properties larger than a Firestore document.</summary>
    private static void WritePackingNotes(Utf8JsonWriter w, SandboxCatalog catalog, SandboxOrder order)
    {
        w.WriteStartArray("Packing Notes");
        var text = new System.Text.StringBuilder(SandboxWholesaleDay.PackingNoteLength);
        for (var i = 0; i < order.Items.Length; i++)
        {
            text.Clear();
            var line = $"Line {i + 1}: {catalog.Account.Products[order.Items[i].Product].Title} x {order.Items[i].Quantity}; pallet {i / 24 + 1}, case {i % 24 + 1}. ";
            while (text.Length + line.Length <= SandboxWholesaleDay.PackingNoteLength)
            {
                text.Append(line);
            }
            text.Append('.', SandboxWholesaleDay.PackingNoteLength - text.Length);
            w.WriteStringValue(text.ToString());
        }
        w.WriteEndArray();
    }

    public static string ShopifyOrderId(SandboxOrder order) =>
        (5_100_000_000_000L + order.OrderNumber * 7).ToString(Inv);

    private static void WriteShopify(Utf8JsonWriter w, SandboxCatalog catalog, SandboxOrder order, SandboxProfile profile)
    {
        var products = catalog.Account.Products;
        var orderId = ShopifyOrderId(order);
        w.WriteString(N.EventId, orderId);
        w.WriteNumber(N.Value, order.Value);
        w.WriteString(N.CurrencyCode, order.Currency);
        w.WriteStartArray(N.Items);
        foreach (var item in order.Items)
        {
            w.WriteStringValue(products[item.Product].Title);
        }
        w.WriteEndArray();
        w.WriteStartArray(N.Collections);
        foreach (var category in order.Items.Select(i => products[i.Product].Category).Distinct())
        {
            w.WriteStringValue(category);
        }
        w.WriteEndArray();
        var itemCount = order.Items.Sum(i => i.Quantity);
        if ((order.Quirks & SandboxOrderQuirks.StringItemCount) != 0)
        {
            w.WriteString(N.ItemCount, itemCount.ToString(Inv));
        }
        else
        {
            w.WriteNumber(N.ItemCount, itemCount);
        }
        w.WriteStartArray(N.DiscountCodes);
        if (order.DiscountCode >= 0)
        {
            w.WriteStringValue(catalog.Account.DiscountCodes[order.DiscountCode]);
        }
        w.WriteEndArray();
        w.WriteString(N.TotalDiscounts, Money(order.Discount));
        w.WriteString(N.SourceName, order.SourceName);
        w.WriteString(N.ShippingRate, order.Shipping == 0 ? "Free Shipping" : "Standard Shipping");
        w.WriteString(N.CustomerLocale, catalog.Account.Locale);
        WriteAttribution(w, catalog, order);

        w.WriteStartObject(N.Extra);
        w.WriteNumber(N.Id, long.Parse(orderId, Inv));
        w.WriteString(N.Name, "#" + order.OrderNumber.ToString(Inv));
        w.WriteNumber(N.OrderNumber, order.OrderNumber);
        w.WriteString(N.Token, SandboxIds.Hex32(SandboxRandom.Hash(order.Noise, 1)));
        var created = DateTimeOffset.FromUnixTimeSeconds(order.Timestamp);
        var local = TimeZoneInfo.ConvertTime(created, catalog.Account.TimeZone);
        var createdAt = local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", Inv);
        w.WriteString(N.CreatedAt, createdAt);
        w.WriteString(N.ProcessedAt, createdAt);
        w.WriteString(N.Currency, order.Currency);
        w.WriteString(N.PresentmentCurrency, order.Currency);
        w.WriteString(N.TotalPrice, Money(order.Value));
        w.WriteString(N.CurrentTotalPrice, Money(order.Value));
        w.WriteString(N.SubtotalPrice, Money(order.Subtotal - order.Discount));
        w.WriteString(N.CurrentSubtotalPrice, Money(order.Subtotal - order.Discount));
        w.WriteString(N.TotalLineItemsPrice, Money(order.Subtotal));
        w.WriteString(N.TotalTax, Money(order.Tax));
        w.WriteString(N.TotalDiscounts2, Money(order.Discount));
        w.WriteString(N.FinancialStatus, "paid");
        if (order.Noise % 10 == 0)
        {
            w.WriteNull(N.FulfillmentStatus);
        }
        else
        {
            w.WriteString(N.FulfillmentStatus, "fulfilled");
        }
        w.WriteString(N.SourceName2, order.SourceName);
        w.WriteStartArray(N.LineItems);
        for (var i = 0; i < order.Items.Length; i++)
        {
            var item = order.Items[i];
            var product = products[item.Product];
            w.WriteStartObject();
            w.WriteNumber(N.Id, 14_000_000_000_000L + order.OrderNumber * 10 + i);
            w.WriteNumber(N.ProductId, product.ProductId);
            w.WriteNumber(N.VariantId, product.ProductId * 10 + 1);
            w.WriteString(N.Sku, product.Sku);
            w.WriteString(N.Title, product.Title);
            w.WriteString(N.VariantTitle, "Default Title");
            w.WriteString(N.Name, product.Title);
            w.WriteNumber(N.Quantity, item.Quantity);
            w.WriteString(N.Price, Money(item.UnitPrice));
            w.WriteString(N.LinePrice, Money(item.UnitPrice * item.Quantity));
            if ((order.Quirks & SandboxOrderQuirks.NoBrand) == 0)
            {
                w.WriteString(N.Vendor, product.Vendor);
            }
            w.WriteString(N.ProductType, product.Category);
            w.WriteStartArray(N.Properties);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray(N.ShippingLines);
        if (order.SourceName != "pos")
        {
            w.WriteStartObject();
            w.WriteString(N.Title, order.Shipping == 0 ? "Free Shipping" : "Standard Shipping");
            w.WriteString(N.Price, Money(order.Shipping));
            w.WriteString(N.Code, order.Shipping == 0 ? "FREE" : "STANDARD");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray(N.DiscountCodes2);
        if (order.DiscountCode >= 0)
        {
            w.WriteStartObject();
            w.WriteString(N.Code, catalog.Account.DiscountCodes[order.DiscountCode]);
            w.WriteString(N.Amount, Money(order.Discount));
            w.WriteString(N.Type, "percentage");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if ((order.Quirks & SandboxOrderQuirks.NoCustomer) == 0)
        {
            w.WriteStartObject(N.Customer);
            w.WriteNumber(N.Id, profile.ShopifyCustomerId);
            w.WriteString(N.Email, profile.Email);
            w.WriteString(N.FirstName, profile.FirstName);
            w.WriteString(N.LastName, profile.LastName);
            w.WriteEndObject();
            WriteShopifyAddress(w, "billing_address", profile);
            WriteShopifyAddress(w, "shipping_address", profile);
        }
        if ((order.Quirks & SandboxOrderQuirks.NoLandingSite) == 0)
        {
            var (landing, referrer) = Landing(catalog, order);
            w.WriteString(N.LandingSite, landing);
            w.WriteString(N.FullLandingSite, "https://" + catalog.Account.WebsiteDomain + landing);
            if (referrer is null)
            {
                w.WriteNull(N.ReferringSite);
            }
            else
            {
                w.WriteString(N.ReferringSite, referrer);
            }
        }
        w.WriteString(N.Tags, string.Empty);
        w.WriteNull(N.Note);
        w.WriteEndObject();
    }

    private static void WriteShopifyAddress(Utf8JsonWriter w, string name, SandboxProfile profile)
    {
        w.WriteStartObject(name);
        w.WriteString(N.FirstName, profile.FirstName);
        w.WriteString(N.LastName, profile.LastName);
        w.WriteString(N.Address1, profile.Address1);
        w.WriteString(N.City, profile.City.City);
        w.WriteString(N.Province, profile.City.Region);
        w.WriteString(N.ProvinceCode, profile.City.RegionCode);
        w.WriteString(N.Country, profile.City.Country);
        w.WriteString(N.CountryCode, profile.City.CountryCode);
        w.WriteString(N.Zip, profile.City.Zip);
        w.WriteEndObject();
    }

    private static void WriteCustom(Utf8JsonWriter w, SandboxCatalog catalog, SandboxOrder order, SandboxProfile profile)
    {
        var products = catalog.Account.Products;
        var orderId = "AA-" + order.OrderNumber.ToString(Inv);
        w.WriteString(N.OrderId, orderId);
        w.WriteString(N.EventId, orderId);
        if ((order.Quirks & SandboxOrderQuirks.StringValue) != 0)
        {
            w.WriteString(N.Value, Money(order.Value));
        }
        else
        {
            w.WriteNumber(N.Value, order.Value);
        }
        w.WriteString(N.ValueCurrency, order.Currency);
        var noBrand = (order.Quirks & SandboxOrderQuirks.NoBrand) != 0;
        w.WriteStartArray(N.Categories);
        foreach (var c in order.Items.Select(i => products[i.Product].Category).Distinct())
        {
            w.WriteStringValue(c);
        }
        w.WriteEndArray();
        w.WriteStartArray(N.ItemNames);
        foreach (var item in order.Items)
        {
            w.WriteStringValue(products[item.Product].Title);
        }
        w.WriteEndArray();
        if (!noBrand)
        {
            w.WriteStartArray(N.Brands);
            foreach (var b in order.Items.Select(i => products[i.Product].Vendor).Distinct())
            {
                w.WriteStringValue(b);
            }
            w.WriteEndArray();
        }
        if (order.DiscountCode >= 0)
        {
            w.WriteString(N.DiscountCode, catalog.Account.DiscountCodes[order.DiscountCode]);
            if (order.Noise % 3 == 0)
            {
                w.WriteString(N.DiscountValue, Money(order.Discount));
            }
            else
            {
                w.WriteNumber(N.DiscountValue, order.Discount);
            }
        }
        w.WriteStartArray(N.Items);
        foreach (var item in order.Items)
        {
            var product = products[item.Product];
            w.WriteStartObject();
            w.WriteString(N.ProductID, product.ProductId.ToString(Inv));
            w.WriteString(N.SKU, product.Sku);
            w.WriteString(N.ProductName, product.Title);
            w.WriteNumber(N.Quantity2, item.Quantity);
            w.WriteNumber(N.ItemPrice, item.UnitPrice);
            w.WriteNumber(N.RowTotal, item.UnitPrice * item.Quantity);
            w.WriteString(N.ProductURL, "https://" + catalog.Account.WebsiteDomain + "/p/" + product.Sku);
            w.WriteString(N.ImageURL, "https://" + catalog.Account.WebsiteDomain + "/img/" + product.Sku + ".jpg");
            if (!noBrand)
            {
                w.WriteStartArray(N.Categories);
                w.WriteStringValue(product.Category);
                w.WriteEndArray();
                w.WriteString(N.Brand, product.Vendor);
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
        w.WriteString(N.FirstName2, profile.FirstName);
        w.WriteString(N.LastName2, profile.LastName);
        w.WriteNull(N.Company);
        w.WriteString(N.Address12, profile.Address1);
        w.WriteString(N.City2, profile.City.City);
        w.WriteString(N.Region, profile.City.Region);
        w.WriteString(N.RegionCode, profile.City.RegionCode);
        w.WriteString(N.Country2, profile.City.Country);
        w.WriteString(N.CountryCode2, profile.City.CountryCode);
        w.WriteString(N.Zip2, profile.City.Zip);
        w.WriteEndObject();
    }

    private static void WriteWooCommerce(Utf8JsonWriter w, SandboxCatalog catalog, SandboxOrder order)
    {
        var products = catalog.Account.Products;
        var orderId = "WC-" + order.OrderNumber.ToString(Inv);
        w.WriteString(N.EventId, orderId);
        w.WriteNumber(N.Value, order.Value);
        w.WriteString(N.Currency2, order.Currency);
        w.WriteString(N.Channel, "wholesale");
        w.WriteStartArray(N.ItemNames);
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
        w.WriteStartObject(N.Attribution);
        w.WriteString(N.AttributedEventId, target.AttributedEventId);
        w.WriteNumber(N.SendTs, (double)order.AttributionSendTs);
        w.WriteString(N.Message, target.MessageDimension);
        if (target.FlowId is not null)
        {
            w.WriteString(N.Flow, target.FlowId);
        }
        w.WriteString(N.AttributedChannel, target.Channel);
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

    /// <summary>Property names encoded once: event pages write millions of them.</summary>
    private static class N
    {
        public static readonly JsonEncodedText Address1 = JsonEncodedText.Encode("address1");
        public static readonly JsonEncodedText Address12 = JsonEncodedText.Encode("Address1");
        public static readonly JsonEncodedText Amount = JsonEncodedText.Encode("amount");
        public static readonly JsonEncodedText AttributedChannel = JsonEncodedText.Encode("$attributed_channel");
        public static readonly JsonEncodedText AttributedEventId = JsonEncodedText.Encode("$attributed_event_id");
        public static readonly JsonEncodedText Attribution = JsonEncodedText.Encode("$attribution");
        public static readonly JsonEncodedText Brand = JsonEncodedText.Encode("Brand");
        public static readonly JsonEncodedText Brands = JsonEncodedText.Encode("Brands");
        public static readonly JsonEncodedText Categories = JsonEncodedText.Encode("Categories");
        public static readonly JsonEncodedText Channel = JsonEncodedText.Encode("Channel");
        public static readonly JsonEncodedText City = JsonEncodedText.Encode("city");
        public static readonly JsonEncodedText City2 = JsonEncodedText.Encode("City");
        public static readonly JsonEncodedText Code = JsonEncodedText.Encode("code");
        public static readonly JsonEncodedText Collections = JsonEncodedText.Encode("Collections");
        public static readonly JsonEncodedText Company = JsonEncodedText.Encode("Company");
        public static readonly JsonEncodedText Country = JsonEncodedText.Encode("country");
        public static readonly JsonEncodedText Country2 = JsonEncodedText.Encode("Country");
        public static readonly JsonEncodedText CountryCode = JsonEncodedText.Encode("country_code");
        public static readonly JsonEncodedText CountryCode2 = JsonEncodedText.Encode("CountryCode");
        public static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode("created_at");
        public static readonly JsonEncodedText Currency = JsonEncodedText.Encode("currency");
        public static readonly JsonEncodedText Currency2 = JsonEncodedText.Encode("Currency");
        public static readonly JsonEncodedText CurrencyCode = JsonEncodedText.Encode("$currency_code");
        public static readonly JsonEncodedText CurrentSubtotalPrice = JsonEncodedText.Encode("current_subtotal_price");
        public static readonly JsonEncodedText CurrentTotalPrice = JsonEncodedText.Encode("current_total_price");
        public static readonly JsonEncodedText Customer = JsonEncodedText.Encode("customer");
        public static readonly JsonEncodedText CustomerLocale = JsonEncodedText.Encode("Customer Locale");
        public static readonly JsonEncodedText DiscountCode = JsonEncodedText.Encode("DiscountCode");
        public static readonly JsonEncodedText DiscountCodes = JsonEncodedText.Encode("Discount Codes");
        public static readonly JsonEncodedText DiscountCodes2 = JsonEncodedText.Encode("discount_codes");
        public static readonly JsonEncodedText DiscountValue = JsonEncodedText.Encode("DiscountValue");
        public static readonly JsonEncodedText Email = JsonEncodedText.Encode("email");
        public static readonly JsonEncodedText EventId = JsonEncodedText.Encode("$event_id");
        public static readonly JsonEncodedText EventProperties = JsonEncodedText.Encode("event_properties");
        public static readonly JsonEncodedText Extra = JsonEncodedText.Encode("$extra");
        public static readonly JsonEncodedText FinancialStatus = JsonEncodedText.Encode("financial_status");
        public static readonly JsonEncodedText FirstName = JsonEncodedText.Encode("first_name");
        public static readonly JsonEncodedText FirstName2 = JsonEncodedText.Encode("FirstName");
        public static readonly JsonEncodedText Flow = JsonEncodedText.Encode("$flow");
        public static readonly JsonEncodedText FulfillmentStatus = JsonEncodedText.Encode("fulfillment_status");
        public static readonly JsonEncodedText FullLandingSite = JsonEncodedText.Encode("full_landing_site");
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        public static readonly JsonEncodedText ImageURL = JsonEncodedText.Encode("ImageURL");
        public static readonly JsonEncodedText ItemCount = JsonEncodedText.Encode("Item Count");
        public static readonly JsonEncodedText ItemNames = JsonEncodedText.Encode("ItemNames");
        public static readonly JsonEncodedText ItemPrice = JsonEncodedText.Encode("ItemPrice");
        public static readonly JsonEncodedText Items = JsonEncodedText.Encode("Items");
        public static readonly JsonEncodedText LandingSite = JsonEncodedText.Encode("landing_site");
        public static readonly JsonEncodedText LastName = JsonEncodedText.Encode("last_name");
        public static readonly JsonEncodedText LastName2 = JsonEncodedText.Encode("LastName");
        public static readonly JsonEncodedText LineItems = JsonEncodedText.Encode("line_items");
        public static readonly JsonEncodedText LinePrice = JsonEncodedText.Encode("line_price");
        public static readonly JsonEncodedText Message = JsonEncodedText.Encode("$message");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText Note = JsonEncodedText.Encode("note");
        public static readonly JsonEncodedText OrderId = JsonEncodedText.Encode("OrderId");
        public static readonly JsonEncodedText OrderNumber = JsonEncodedText.Encode("order_number");
        public static readonly JsonEncodedText PresentmentCurrency = JsonEncodedText.Encode("presentment_currency");
        public static readonly JsonEncodedText Price = JsonEncodedText.Encode("price");
        public static readonly JsonEncodedText ProcessedAt = JsonEncodedText.Encode("processed_at");
        public static readonly JsonEncodedText ProductID = JsonEncodedText.Encode("ProductID");
        public static readonly JsonEncodedText ProductId = JsonEncodedText.Encode("product_id");
        public static readonly JsonEncodedText ProductName = JsonEncodedText.Encode("ProductName");
        public static readonly JsonEncodedText ProductType = JsonEncodedText.Encode("product_type");
        public static readonly JsonEncodedText ProductURL = JsonEncodedText.Encode("ProductURL");
        public static readonly JsonEncodedText Properties = JsonEncodedText.Encode("properties");
        public static readonly JsonEncodedText Province = JsonEncodedText.Encode("province");
        public static readonly JsonEncodedText ProvinceCode = JsonEncodedText.Encode("province_code");
        public static readonly JsonEncodedText Quantity = JsonEncodedText.Encode("quantity");
        public static readonly JsonEncodedText Quantity2 = JsonEncodedText.Encode("Quantity");
        public static readonly JsonEncodedText ReferringSite = JsonEncodedText.Encode("referring_site");
        public static readonly JsonEncodedText Region = JsonEncodedText.Encode("Region");
        public static readonly JsonEncodedText RegionCode = JsonEncodedText.Encode("RegionCode");
        public static readonly JsonEncodedText RowTotal = JsonEncodedText.Encode("RowTotal");
        public static readonly JsonEncodedText SKU = JsonEncodedText.Encode("SKU");
        public static readonly JsonEncodedText SendTs = JsonEncodedText.Encode("$send_ts");
        public static readonly JsonEncodedText ShippingLines = JsonEncodedText.Encode("shipping_lines");
        public static readonly JsonEncodedText ShippingRate = JsonEncodedText.Encode("Shipping Rate");
        public static readonly JsonEncodedText Sku = JsonEncodedText.Encode("sku");
        public static readonly JsonEncodedText SourceName = JsonEncodedText.Encode("Source Name");
        public static readonly JsonEncodedText SourceName2 = JsonEncodedText.Encode("source_name");
        public static readonly JsonEncodedText SubtotalPrice = JsonEncodedText.Encode("subtotal_price");
        public static readonly JsonEncodedText Tags = JsonEncodedText.Encode("tags");
        public static readonly JsonEncodedText Title = JsonEncodedText.Encode("title");
        public static readonly JsonEncodedText Token = JsonEncodedText.Encode("token");
        public static readonly JsonEncodedText TotalDiscounts = JsonEncodedText.Encode("Total Discounts");
        public static readonly JsonEncodedText TotalDiscounts2 = JsonEncodedText.Encode("total_discounts");
        public static readonly JsonEncodedText TotalLineItemsPrice = JsonEncodedText.Encode("total_line_items_price");
        public static readonly JsonEncodedText TotalPrice = JsonEncodedText.Encode("total_price");
        public static readonly JsonEncodedText TotalTax = JsonEncodedText.Encode("total_tax");
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
        public static readonly JsonEncodedText Value = JsonEncodedText.Encode("$value");
        public static readonly JsonEncodedText ValueCurrency = JsonEncodedText.Encode("$value_currency");
        public static readonly JsonEncodedText VariantId = JsonEncodedText.Encode("variant_id");
        public static readonly JsonEncodedText VariantTitle = JsonEncodedText.Encode("variant_title");
        public static readonly JsonEncodedText Vendor = JsonEncodedText.Encode("vendor");
        public static readonly JsonEncodedText Zip = JsonEncodedText.Encode("zip");
        public static readonly JsonEncodedText Zip2 = JsonEncodedText.Encode("Zip");
    }
}
