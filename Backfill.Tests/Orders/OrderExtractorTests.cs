using System.Text.Json;
using Backfill.Services.Orders;

namespace Backfill.Tests.Orders;

public sealed class OrderExtractorTests
{
    private static Order ExtractOrder(string properties, TimeZoneInfo? zone = null, string datetime = "2025-03-04T18:22:10+00:00")
    {
        var result = OrderExtractor.Extract(OrderEvents.Event(properties, datetime), null, [], zone ?? TimeZoneInfo.Utc, "USD");
        Assert.True(result.IsOrder, result.SkipReason);
        return result.Order;
    }

    private static string Skip(JsonElement resource)
    {
        var result = OrderExtractor.Extract(resource, null, [], TimeZoneInfo.Utc, "USD");
        Assert.False(result.IsOrder);
        return result.SkipReason;
    }

    [Fact]
    public void Extract_ShopifyExample_ReadsEveryField()
    {
        var (resource, profile, attribution) = OrderEvents.ShopifyExample();

        var result = OrderExtractor.Extract(resource, profile, [attribution], OrderEvents.NewYork, "EUR");

        Assert.True(result.IsOrder, result.SkipReason);
        var order = result.Order;
        Assert.Equal("5873421098765", order.EventId);
        Assert.Equal("5Xk2Qm9PzRt", order.KlaviyoEventId);
        Assert.Equal("5873421098765", order.OrderId);
        Assert.Equal("#10452", order.OrderNumber);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 18, 22, 10, TimeSpan.Zero), order.PlacedAtUtc);
        Assert.Equal(new DateOnly(2025, 3, 4), order.LocalDate);
        Assert.Equal(118.4m, order.Value);
        Assert.Equal("USD", order.Currency);
        Assert.Equal(120.40m, order.Subtotal);
        Assert.Equal(0m, order.Tax);
        Assert.Equal(12.00m, order.TotalDiscount);
        Assert.Equal(["SPRING10"], order.DiscountCodes);
        Assert.Equal("Standard Shipping", order.ShippingMethod);
        Assert.Equal(10.00m, order.ShippingAmount);
        Assert.Equal(3, order.ItemCount);
        Assert.Equal(2, order.LineItems.Count);
        Assert.Equal(new OrderLineItem("7001", "SOCK-M-BLK", "Merino Crew Sock", null, 2, 16.20m, 32.40m, order.LineItems[0].Categories, "Northloop"), order.LineItems[0]);
        Assert.Equal(["Socks"], order.LineItems[0].Categories);
        Assert.Equal(["Socks", "Shoes", "Footwear", "Sale"], order.Categories);
        Assert.Equal(["Northloop"], order.Brands);
        Assert.Equal(new OrderCustomer("01JNB7K3W5Q2R8ZC0M4T6YV9AE", "dana@example.com", "Dana", "Ortiz", "Denver", "CO", "US", "80205"), order.Customer);
        Assert.Equal(new OrderUtm("klaviyo", "email", "Welcome Series", null, null), order.Utm);
        Assert.Equal(new OrderAttribution(OrderAttributionKind.Flow, null, "XVTP5Q", "RUkrXD", null, "5Xj9aa01BcD"), order.Attribution);
        Assert.Equal("web", order.SourceName);
    }

    [Theory]
    [InlineData("""{"$value": 118.4}""", "118.4")]
    [InlineData("""{"$value": "12.50"}""", "12.50")]
    [InlineData("""{"$value": " 7 "}""", "7")]
    [InlineData("""{"$value": 0}""", "0")]
    [InlineData("""{"$value": 1.5e2}""", "150")]
    [InlineData("""{"$value": null, "$extra": {"total_price": "50.00"}}""", "50.00")]
    [InlineData("""{"$extra": {"current_total_price": 49.95}}""", "49.95")]
    [InlineData("""{"value": "19.99"}""", "19.99")]
    public void Extract_ValueShapes_ReadAsDecimal(string properties, string expected)
    {
        var order = ExtractOrder(properties);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), order.Value);
    }

    [Theory]
    [InlineData("""{"$value": "abc"}""", "no usable order value")]
    [InlineData("""{"$value": "NaN"}""", "no usable order value")]
    [InlineData("""{"$value": "Infinity"}""", "no usable order value")]
    [InlineData("""{"$value": 1e400}""", "no usable order value")]
    [InlineData("""{"$value": null}""", "no usable order value")]
    [InlineData("""{"$value": true}""", "no usable order value")]
    [InlineData("""{"$value": {"amount": 5}}""", "no usable order value")]
    [InlineData("""{"$value": [5]}""", "no usable order value")]
    [InlineData("""{}""", "no usable order value")]
    [InlineData("""{"$value": -5}""", "negative order value")]
    [InlineData("""{"$value": "-0.01"}""", "negative order value")]
    public void Extract_UnusableValue_IsSkippedWithReason(string properties, string reason)
    {
        var skipped = Skip(OrderEvents.Event(properties));

        Assert.Contains(reason, skipped, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[1,2,3]""", "not an object")]
    [InlineData("""null""", "not an object")]
    [InlineData("""{"type":"event","attributes":{"datetime":"2025-01-01T00:00:00+00:00","event_properties":{"$value":1}}}""", "has no id")]
    [InlineData("""{"type":"event","id":"E","attributes":{"datetime":"2025-01-01T00:00:00+00:00"}}""", "no event_properties")]
    [InlineData("""{"type":"event","id":"E","attributes":{"datetime":"2025-01-01T00:00:00+00:00","event_properties":"oops"}}""", "no event_properties")]
    [InlineData("""{"type":"event","id":"E"}""", "no event_properties")]
    [InlineData("""{"type":"event","id":"E","attributes":{"event_properties":{"$value":1}}}""", "no readable datetime")]
    [InlineData("""{"type":"event","id":"E","attributes":{"datetime":"yesterday","event_properties":{"$value":1}}}""", "no readable datetime")]
    [InlineData("""{"type":"event","id":"E","attributes":{"timestamp":-3,"event_properties":{"$value":1}}}""", "no readable datetime")]
    public void Extract_MalformedEvent_IsSkippedWithReason(string json, string reason)
    {
        var skipped = Skip(OrderEvents.Parse(json));

        Assert.Contains(reason, skipped, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_GarbageDatetimeWithTimestamp_UsesTimestamp()
    {
        var resource = OrderEvents.Parse("""{"type":"event","id":"E","attributes":{"datetime":"nope","timestamp":"1741112530","event_properties":{"$value":1}}}""");

        var result = OrderExtractor.Extract(resource, null, null, TimeZoneInfo.Utc, "USD");

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1741112530), result.Order?.PlacedAtUtc);
    }

    [Theory]
    [InlineData("""{"$value":1,"$event_id":"abc:1"}""", "abc:1")]
    [InlineData("""{"$value":1,"$event_id":5873421098765}""", "5873421098765")]
    [InlineData("""{"$value":1,"$event_id":""}""", "EVT1")]
    [InlineData("""{"$value":1,"$event_id":null}""", "EVT1")]
    [InlineData("""{"$value":1}""", "EVT1")]
    public void Extract_EventId_PrefersDollarEventIdElseEventId(string properties, string expected)
    {
        Assert.Equal(expected, ExtractOrder(properties).EventId);
    }

    [Theory]
    [InlineData("""{"$value":1,"$currency_code":"usd"}""", "USD")]
    [InlineData("""{"$value":1,"$value_currency":"EUR"}""", "EUR")]
    [InlineData("""{"$value":1,"Currency":"GBP"}""", "GBP")]
    [InlineData("""{"$value":1,"$extra":{"currency":"CAD"}}""", "CAD")]
    [InlineData("""{"$value":1,"$currency_code":"US Dollars","Currency":"JPY"}""", "JPY")]
    [InlineData("""{"$value":1,"$currency_code":"$$$"}""", "USD")]
    [InlineData("""{"$value":1,"$currency_code":42}""", "USD")]
    [InlineData("""{"$value":1}""", "USD")]
    public void Extract_Currency_ComesFromEventElseAccount(string properties, string expected)
    {
        Assert.Equal(expected, ExtractOrder(properties).Currency);
    }

    [Theory]
    [InlineData("2025-03-04T03:30:00+00:00", "America/New_York", "2025-03-03")]
    [InlineData("2025-03-04T05:00:00+00:00", "America/New_York", "2025-03-04")]
    [InlineData("2025-03-04T03:30:00+00:00", "UTC", "2025-03-04")]
    [InlineData("2025-03-04T16:00:00+00:00", "Asia/Tokyo", "2025-03-05")]
    [InlineData("2025-03-04T22:30:00-05:00", "UTC", "2025-03-05")]
    public void Extract_LocalDate_IsTheAccountTimezoneDay(string datetime, string zone, string expected)
    {
        var order = ExtractOrder("""{"$value":1}""", TimeZoneInfo.FindSystemTimeZoneById(zone), datetime);

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), order.LocalDate);
        Assert.Equal(TimeSpan.Zero, order.PlacedAtUtc.Offset);
    }

    [Fact]
    public void Extract_CustomIntegrationShape_ReadsItemsDiscountsAndBrands()
    {
        var order = ExtractOrder("""
        {"$value": "64.00", "$value_currency": "EUR", "OrderId": "A-1001",
         "Categories": ["Cheese", "Gifts"], "ItemNames": ["Blue", "Smokey"], "Brands": ["Rogue"],
         "DiscountCode": "WELCOME5", "DiscountValue": "5.00",
         "Items": [
           {"ProductID": "P1", "SKU": "BLU-1", "ProductName": "Blue", "Quantity": "2", "ItemPrice": "12.50", "RowTotal": "25.00",
            "Categories": ["Cheese"], "Brand": "Rogue"},
           {"ProductID": 2, "SKU": "SMK-1", "ProductName": "Smokey", "Quantity": 1, "ItemPrice": 39, "Categories": "Cheese, Smoked", "Brand": "Creamery"}]}
        """);

        Assert.Equal("A-1001", order.OrderId);
        Assert.Equal("EUR", order.Currency);
        Assert.Equal(64.00m, order.Value);
        Assert.Equal(["WELCOME5"], order.DiscountCodes);
        Assert.Equal(5.00m, order.TotalDiscount);
        Assert.Equal(3, order.ItemCount);
        Assert.Equal(["P1", "2"], order.LineItems.Select(i => i.ProductId));
        Assert.Equal(25.00m, order.LineItems[0].LineTotal);
        Assert.Equal(39m, order.LineItems[1].LineTotal);
        Assert.Equal(["Cheese", "Smoked"], order.LineItems[1].Categories);
        Assert.Equal(["Cheese", "Smoked", "Gifts"], order.Categories);
        Assert.Equal(["Rogue", "Creamery"], order.Brands);
    }

    [Fact]
    public void Extract_OnlyItemNames_MakesNameOnlyLinesAndUsesStatedCount()
    {
        var order = ExtractOrder("""{"$value": 10, "Items": ["Sock", "Shoe"], "Item Count": "5"}""");

        Assert.Equal(["Sock", "Shoe"], order.LineItems.Select(i => i.Name));
        Assert.All(order.LineItems, i => Assert.Null(i.Quantity));
        Assert.Equal(5, order.ItemCount);
    }

    [Fact]
    public void Extract_ItemNamesWithoutItems_FallsBackToItemNames()
    {
        var order = ExtractOrder("""{"$value": 10, "ItemNames": "Sock, Shoe"}""");

        Assert.Equal(["Sock", "Shoe"], order.LineItems.Select(i => i.Name));
        Assert.Equal(2, order.ItemCount);
    }

    [Theory]
    [InlineData("""{"quantity": "two", "price": "3.00"}""", null, null)]
    [InlineData("""{"quantity": 1.5, "price": "3.00"}""", null, null)]
    [InlineData("""{"quantity": 3, "price": "3.00"}""", 3, "9.00")]
    [InlineData("""{"quantity": "3", "price": "3.00", "line_price": "8.00"}""", 3, "8.00")]
    [InlineData("""{"quantity": 2, "price": null}""", 2, null)]
    public void Extract_ShopifyLineQuantityAndTotal_AreLenient(string line, int? quantity, string? total)
    {
        var order = ExtractOrder($$$"""{"$value": 9, "$extra": {"line_items": [{{{line}}}] } }""");

        Assert.Equal(quantity, order.LineItems[0].Quantity);
        Assert.Equal(total is null ? null : decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture), order.LineItems[0].LineTotal);
    }

    [Theory]
    [InlineData("""{"$value":1,"Items":"not a list"}""")]
    [InlineData("""{"$value":1,"Items":[null, 3, {"ProductName": null}]}""")]
    [InlineData("""{"$value":1,"$extra":"not an object"}""")]
    [InlineData("""{"$value":1,"$extra":{"line_items":{"0":{}},"shipping_lines":"x","discount_codes":[null,5,{"code":{}}]}}""")]
    [InlineData("""{"$value":1,"Categories":42,"Collections":[[]],"Brands":{},"Discount Codes":null}""")]
    [InlineData("""{"$value":1,"$attribution":"flow","utm_source":17}""")]
    [InlineData("""{"$value":1,"$extra":{"landing_site":"%E0%A4%A?utm_source=%ZZ&utm_medium=%E0%A4%A&=x&&"}}""")]
    [InlineData("""{"$value":1,"BillingAddress":"Main St","ShippingAddress":[1],"$extra":{"customer":[],"shipping_address":null}}""")]
    public void Extract_UnexpectedTypes_StillYieldAnOrder(string properties)
    {
        var order = ExtractOrder(properties);

        Assert.Equal(1m, order.Value);
    }

    [Fact]
    public void Extract_DiscountCodesFromEverySource_AreDistinctIgnoringCase()
    {
        var order = ExtractOrder("""{"$value":1,"Discount Codes":["SPRING10"],"$extra":{"discount_codes":[{"code":"spring10"},{"code":"FREESHIP"}]}}""");

        Assert.Equal(["SPRING10", "FREESHIP"], order.DiscountCodes);
    }

    [Fact]
    public void Extract_SeveralShippingLines_AreSummed()
    {
        var order = ExtractOrder("""{"$value":1,"$extra":{"shipping_lines":[{"title":"Express","price":"12.00"},{"code":"Fee","price":1.5},{"title":"Broken","price":"n/a"}]}}""");

        Assert.Equal("Express", order.ShippingMethod);
        Assert.Equal(13.5m, order.ShippingAmount);
    }

    [Fact]
    public void Extract_NoShippingLines_FallsBackToShippingRateProperty()
    {
        var order = ExtractOrder("""{"$value":1,"Shipping Rate":"Pickup","Shipping":"0"}""");

        Assert.Equal("Pickup", order.ShippingMethod);
        Assert.Equal(0m, order.ShippingAmount);
    }

    [Theory]
    [InlineData("""{"$value":1,"utm_source":"google","utm_medium":"cpc","$extra":{"landing_site":"/?utm_source=klaviyo&utm_campaign=Spring"}}""", "google", "cpc", "Spring", null, null)]
    [InlineData("""{"$value":1,"$extra":{"landing_site":"/p?utm_source=klaviyo&utm_medium=email&utm_campaign=Welcome+Series&utm_term=socks&utm_content=hero#top"}}""", "klaviyo", "email", "Welcome Series", "socks", "hero")]
    [InlineData("""{"$value":1,"$extra":{"landing_site":"/p","full_landing_site":"https://shop.example/p?utm_source=sms&amp;utm_medium=text"}}""", "sms", "text", null, null, null)]
    [InlineData("""{"$value":1,"$extra":{"landing_site":"utm_source=bare&utm_medium=query"}}""", "bare", "query", null, null, null)]
    [InlineData("""{"$value":1,"$extra":{"landing_site":"/p?UTM_SOURCE=Upper&utm_medium="}}""", "Upper", null, null, null, null)]
    public void Extract_Utm_TopLevelWinsElseLandingSite(string properties, string? source, string? medium, string? campaign, string? term, string? content)
    {
        var order = ExtractOrder(properties);

        Assert.Equal(new OrderUtm(source, medium, campaign, term, content), order.Utm);
    }

    [Fact]
    public void Extract_NoUtmAnywhere_IsNone()
    {
        Assert.Same(OrderUtm.None, ExtractOrder("""{"$value":1,"$extra":{"landing_site":"/products/x"}}""").Utm);
    }

    [Fact]
    public void Extract_IncludedCampaignAttribution_NamesCampaignAndMessage()
    {
        var attribution = OrderEvents.Parse("""
        {"type":"attribution","id":"A1","relationships":{
          "attributed-event":{"data":{"type":"event","id":"SEND1"}},
          "campaign":{"data":{"type":"campaign","id":"01CAMPAIGN"}},
          "campaign-message":{"data":{"type":"campaign-message","id":"01MESSAGE"}}}}
        """);

        var result = OrderExtractor.Extract(OrderEvents.Event("""{"$value":1,"$attribution":{"$attributed_channel":"email"}}"""), null, [attribution], TimeZoneInfo.Utc, "USD");

        Assert.Equal(new OrderAttribution(OrderAttributionKind.Campaign, "01CAMPAIGN", null, "01MESSAGE", "email", "SEND1"), result.Order?.Attribution);
    }

    [Fact]
    public void Extract_AttributionWithoutCampaignOrFlow_FallsBackToInBand()
    {
        var empty = OrderEvents.Parse("""{"type":"attribution","id":"A1","attributes":{}}""");

        var result = OrderExtractor.Extract(OrderEvents.Event("""{"$value":1,"$attribution":{"$message":"CAMPMSG","$attributed_event_id":"S"}}"""), null, [empty, default], TimeZoneInfo.Utc, "USD");

        Assert.Equal(new OrderAttribution(OrderAttributionKind.Campaign, null, null, "CAMPMSG", null, "S"), result.Order?.Attribution);
    }

    [Theory]
    [InlineData("""{"$value":1}""")]
    [InlineData("""{"$value":1,"$attribution":{}}""")]
    [InlineData("""{"$value":1,"$attribution":{"$send_ts":1}}""")]
    public void Extract_NoAttribution_IsNull(string properties)
    {
        Assert.Null(ExtractOrder(properties).Attribution);
    }

    [Fact]
    public void Extract_WithoutIncludedProfile_UsesRelationshipIdAndOrderCustomer()
    {
        var order = ExtractOrder("""
        {"$value":1,"$extra":{"customer":{"email":"kim@example.com","first_name":"Kim"},
          "billing_address":{"city":"Ashland","province":"Oregon","country":"United States","zip":97520}}}
        """);

        Assert.Equal(new OrderCustomer("PROFILE1", "kim@example.com", "Kim", null, "Ashland", "Oregon", "United States", "97520"), order.Customer);
    }

    [Fact]
    public void Extract_CustomAddresses_ShippingBeforeBillingBeforeProfile()
    {
        var profile = OrderEvents.Parse("""
        {"type":"profile","id":"P9","attributes":{"email":"p@example.com","first_name":null,
          "location":{"city":"Profile City","region":"PR","country":"Profileland","zip":"00000"}}}
        """);
        var resource = OrderEvents.Event("""
        {"$value":1,"ShippingAddress":{"City":"Ship City","Zip":"11111"},
         "BillingAddress":{"FirstName":"Bo","LastName":"Lee","City":"Bill City","RegionCode":"BR","CountryCode":"BL"}}
        """);

        var result = OrderExtractor.Extract(resource, profile, [], TimeZoneInfo.Utc, "USD");

        Assert.Equal(new OrderCustomer("P9", "p@example.com", "Bo", "Lee", "Ship City", "BR", "BL", "11111"), result.Order?.Customer);
    }

    [Theory]
    [InlineData("""{"$value":1,"Source Name":"pos"}""", "pos")]
    [InlineData("""{"$value":1,"$extra":{"source_name":"shopify_draft_order"}}""", "shopify_draft_order")]
    [InlineData("""{"$value":1,"SourceName":"app"}""", "app")]
    [InlineData("""{"$value":1}""", null)]
    public void Extract_SourceName_FromPropertiesOrShopify(string properties, string? expected)
    {
        Assert.Equal(expected, ExtractOrder(properties).SourceName);
    }

    [Theory]
    [InlineData("""{"$value":1,"$extra":{"name":"#1001","order_number":1001}}""", "#1001")]
    [InlineData("""{"$value":1,"$extra":{"order_number":1001}}""", "1001")]
    [InlineData("""{"$value":1,"OrderNumber":"R-77"}""", "R-77")]
    [InlineData("""{"$value":1}""", null)]
    public void Extract_OrderNumber_FromShopifyNameOrProperty(string properties, string? expected)
    {
        Assert.Equal(expected, ExtractOrder(properties).OrderNumber);
    }

    [Theory]
    [InlineData("""{"$value":1,"$extra":{"subtotal_price":"9.00","total_tax":"0.72"}}""", "9.00", "0.72")]
    [InlineData("""{"$value":1,"Subtotal":"8","Tax":0.5}""", "8", "0.5")]
    [InlineData("""{"$value":1,"Subtotal":"eight","Tax":"NaN"}""", null, null)]
    public void Extract_SubtotalAndTax_AreOptional(string properties, string? subtotal, string? tax)
    {
        var order = ExtractOrder(properties);

        Assert.Equal(subtotal is null ? null : decimal.Parse(subtotal, System.Globalization.CultureInfo.InvariantCulture), order.Subtotal);
        Assert.Equal(tax is null ? null : decimal.Parse(tax, System.Globalization.CultureInfo.InvariantCulture), order.Tax);
    }
}
