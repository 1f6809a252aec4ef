using System.Text.Json;

namespace Backfill.Tests.Orders;

/// <summary>Builds raw event resources the way the Klaviyo client hands them to the extractor.</summary>
internal static class OrderEvents
{
    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static JsonElement Event(string properties, string datetime = "2025-03-04T18:22:10+00:00", string id = "EVT1") =>
        Parse($$$"""
        {"type":"event","id":"{{{id}}}",
         "attributes":{"timestamp":1741112530,"datetime":"{{{datetime}}}","event_properties":{{{properties}}} },
         "relationships":{"profile":{"data":{"type":"profile","id":"PROFILE1"} } } }
        """);

    /// <summary>The constructed Shopify example: event, included profile and attribution.</summary>
    public static (JsonElement Event, JsonElement Profile, JsonElement Attribution) ShopifyExample()
    {
        var root = Parse("""
        {
          "data": [{
            "type": "event", "id": "5Xk2Qm9PzRt",
            "attributes": {
              "timestamp": 1741112530, "datetime": "2025-03-04T18:22:10+00:00",
              "uuid": "8f0c6a00-f92b-11ef-8001-3b0c2d9a7e11",
              "event_properties": {
                "$event_id": "5873421098765", "$value": 118.4, "$currency_code": "USD",
                "Items": ["Merino Crew Sock", "Trail Runner 2"], "Collections": ["Socks", "Footwear", "Sale"],
                "Item Count": 3, "Discount Codes": ["SPRING10"], "Total Discounts": "12.00",
                "Source Name": "web", "Shipping Rate": "Standard Shipping",
                "$attribution": { "$attributed_event_id": "5Xj9aa01BcD", "$send_ts": 1741020000.0,
                                  "$flow": "XVTP5Q", "$message": "RUkrXD" },
                "$extra": {
                  "id": 5873421098765, "name": "#10452", "currency": "USD",
                  "total_price": "118.40", "subtotal_price": "120.40", "total_tax": "0.00", "total_discounts": "12.00",
                  "line_items": [
                    {"product_id": 7001, "variant_id": 41001, "sku": "SOCK-M-BLK", "title": "Merino Crew Sock",
                     "quantity": 2, "price": "16.20", "vendor": "Northloop", "product_type": "Socks"},
                    {"product_id": 7002, "variant_id": 41002, "sku": "TR2-42", "title": "Trail Runner 2",
                     "quantity": 1, "price": "88.00", "vendor": "Northloop", "product_type": "Shoes"}],
                  "shipping_lines": [{"title": "Standard Shipping", "price": "10.00"}],
                  "discount_codes": [{"code": "SPRING10", "amount": "12.00", "type": "percentage"}],
                  "customer": {"id": 6650001, "email": "dana@example.com", "first_name": "Dana", "last_name": "Ortiz"},
                  "shipping_address": {"city": "Denver", "province_code": "CO", "country_code": "US", "zip": "80205"},
                  "landing_site": "/products/trail-runner-2?utm_source=klaviyo&utm_medium=email&utm_campaign=Welcome%20Series",
                  "referring_site": "https://mail.google.com/"
                }
              }
            },
            "relationships": {
              "profile": {"data": {"type": "profile", "id": "01JNB7K3W5Q2R8ZC0M4T6YV9AE"}},
              "metric":  {"data": {"type": "metric", "id": "RESQ6t"}},
              "attributions": {"data": [{"type": "attribution", "id": "5Xk2Qm9PzRt"}]}
            }
          }],
          "included": [
            {"type": "profile", "id": "01JNB7K3W5Q2R8ZC0M4T6YV9AE",
             "attributes": {"email": "dana@example.com", "first_name": "Dana", "last_name": "Ortiz",
                            "location": {"city": "Denver", "region": "CO", "country": "United States",
                                         "zip": "80205", "timezone": "America/Denver"}}},
            {"type": "attribution", "id": "5Xk2Qm9PzRt", "attributes": {},
             "relationships": {"event": {"data": {"type": "event", "id": "5Xk2Qm9PzRt"}},
                               "attributed-event": {"data": {"type": "event", "id": "5Xj9aa01BcD"}},
                               "flow": {"data": {"type": "flow", "id": "XVTP5Q"}},
                               "flow-message": {"data": {"type": "flow-message", "id": "RUkrXD"}}}}
          ]
        }
        """);
        return (root.GetProperty("data")[0], root.GetProperty("included")[0], root.GetProperty("included")[1]);
    }
}
