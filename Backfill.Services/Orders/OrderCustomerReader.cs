using System.Text.Json;
using Backfill.Services.Klaviyo.Client;

namespace Backfill.Services.Orders;

/// <summary>
/// The customer: identity from the included profile, then the order's own customer record; location from the
/// order's shipping address, then billing address, then the profile's location — field by field.
/// </summary>
internal static class OrderCustomerReader
{
    public static OrderCustomer Read(JsonElement resource, JsonElement properties, JsonElement? extra, JsonElement? profile)
    {
        var profileAttributes = profile?.Object("attributes");
        var shopifyCustomer = extra?.Object("customer");
        var billing = properties.Object("BillingAddress");

        var addresses = new[]
        {
            extra?.Object("shipping_address"),
            properties.Object("ShippingAddress"),
            extra?.Object("billing_address"),
            billing,
            profileAttributes?.Object("location"),
        };

        return new OrderCustomer(
            profile?.String("id") ?? ProfileIdOf(resource),
            Coalesce(profileAttributes?.String("email"), shopifyCustomer?.String("email"), extra?.String("email"), properties.String("$email"), properties.String("Email")),
            Coalesce(profileAttributes?.String("first_name"), shopifyCustomer?.String("first_name"), OrderJson.FirstString(billing, "FirstName")),
            Coalesce(profileAttributes?.String("last_name"), shopifyCustomer?.String("last_name"), OrderJson.FirstString(billing, "LastName")),
            FromAddresses(addresses, "city", "City"),
            FromAddresses(addresses, "province_code", "RegionCode", "region", "province", "Region"),
            FromAddresses(addresses, "country_code", "CountryCode", "country", "Country"),
            FromAddresses(addresses, "zip", "Zip", "postal_code", "PostalCode"));
    }

    private static string? ProfileIdOf(JsonElement resource) =>
        resource.Object("relationships")?.Object("profile")?.Object("data")?.String("id");

    private static string? FromAddresses(JsonElement?[] addresses, params string[] names) =>
        addresses.Select(address => OrderJson.FirstString(address, names)).FirstOrDefault(value => value is not null);

    private static string? Coalesce(params string?[] values) => values.FirstOrDefault(v => v is not null);
}
