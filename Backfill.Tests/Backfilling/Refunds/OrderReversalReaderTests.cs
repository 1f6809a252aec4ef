using System.Text.Json;
using Backfill.Services.Backfill.Refunds;
using Backfill.Services.Klaviyo;

namespace Backfill.Tests.Backfilling.Refunds;

/// <summary>The order's day a refund event tells, which decides the day collection its order is looked up in.</summary>
public sealed class OrderReversalReaderTests
{
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    [Theory]
    // Shopify's created_at carries the shop's offset; the day is the account's (here 21:30 in New York is 18:30 in LA).
    [InlineData("2026-10-07T21:30:00-04:00", "2026-10-07")]
    // Just after midnight in New York is still the evening before in Los Angeles.
    [InlineData("2026-10-08T01:30:00-04:00", "2026-10-07")]
    [InlineData("2026-10-08T09:00:00Z", "2026-10-08")]
    public void OrderDate_ShopifysCreatedAt_IsTheAccountsDay(string createdAt, string expected)
    {
        var refund = Event($$$"""{"$event_id":"5100009401245","$value":12.5,"$extra":{"created_at":"{{{createdAt}}}"}}""");

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), OrderReversalReader.OrderDate(refund, LosAngeles));
    }

    [Theory]
    [InlineData("""{"$event_id":"5100009401245","$value":12.5}""")]
    [InlineData("""{"$event_id":"5100009401245","$extra":{"created_at":"yesterday"}}""")]
    [InlineData("""{"$event_id":"5100009401245","$extra":"not an object"}""")]
    public void OrderDate_NoReadableCreatedAt_IsUnknown(string properties)
    {
        Assert.Null(OrderReversalReader.OrderDate(Event(properties), LosAngeles));
    }

    private static KlaviyoEvent Event(string properties)
    {
        using var document = JsonDocument.Parse($$$"""{"type":"event","id":"9LLLEJfGcxj","attributes":{"event_properties":{{{properties}}}}}""");
        return new KlaviyoEvent("9LLLEJfGcxj", new DateTimeOffset(2026, 10, 14, 12, 0, 0, TimeSpan.Zero), document.RootElement.Clone(), null, []);
    }
}
