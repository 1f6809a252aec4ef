namespace Backfill.Services.Orders;

/// <summary>
/// One "Placed Order" event, normalised from whichever integration sent it (Shopify or a custom/API integration).
/// Money is in <see cref="Currency"/>; amounts Klaviyo did not send are null rather than zero.
/// </summary>
/// <param name="EventId">The idempotency key: <c>$event_id</c>, else the Klaviyo event id.</param>
/// <param name="KlaviyoEventId">Klaviyo's own event id.</param>
/// <param name="PlacedAtUtc">When the order was placed (UTC).</param>
/// <param name="LocalDate">The calendar day of <paramref name="PlacedAtUtc"/> in the account's timezone.</param>
/// <param name="Value">The order value (<c>$value</c>), as Klaviyo sums it for revenue.</param>
public sealed record Order(
    string EventId,
    string KlaviyoEventId,
    string? OrderId,
    string? OrderNumber,
    DateTimeOffset PlacedAtUtc,
    DateOnly LocalDate,
    decimal Value,
    string Currency,
    decimal? Subtotal,
    decimal? Tax,
    decimal? TotalDiscount,
    IReadOnlyList<string> DiscountCodes,
    string? ShippingMethod,
    decimal? ShippingAmount,
    IReadOnlyList<OrderLineItem> LineItems,
    int ItemCount,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Brands,
    OrderCustomer Customer,
    OrderUtm Utm,
    OrderAttribution? Attribution,
    string? SourceName);

/// <summary>One product line. <paramref name="Quantity"/> is null when the integration only sent product names.</summary>
public sealed record OrderLineItem(
    string? ProductId,
    string? Sku,
    string? Name,
    string? Variant,
    int? Quantity,
    decimal? UnitPrice,
    decimal? LineTotal,
    IReadOnlyList<string> Categories,
    string? Brand);

/// <summary>Who ordered, and where the order went (shipping address first, then billing, then the profile's location).</summary>
public sealed record OrderCustomer(
    string? ProfileId,
    string? Email,
    string? FirstName,
    string? LastName,
    string? City,
    string? Region,
    string? Country,
    string? Zip);

/// <summary>UTM parameters: top-level <c>utm_*</c> properties, else the landing-page URL's query string.</summary>
public sealed record OrderUtm(string? Source, string? Medium, string? Campaign, string? Term, string? Content)
{
    public static readonly OrderUtm None = new(null, null, null, null, null);
}

public enum OrderAttributionKind
{
    Campaign,
    Flow,
}

/// <summary>The campaign or flow message Klaviyo credited with the order.</summary>
public sealed record OrderAttribution(
    OrderAttributionKind Kind,
    string? CampaignId,
    string? FlowId,
    string? MessageId,
    string? Channel,
    string? AttributedEventId);
