using System.Text.Json;
using Backfill.Services.Klaviyo.Client;

namespace Backfill.Services.Orders;

/// <summary>
/// Which message earned the order: the included attribution resources (<c>include=attributions</c>) when
/// present, else the in-band <c>$attribution</c> object Klaviyo writes into conversion events.
/// </summary>
internal static class OrderAttributionReader
{
    public static OrderAttribution? Read(JsonElement properties, IReadOnlyList<JsonElement> attributions)
    {
        var inBand = properties.Object("$attribution");
        var channel = inBand?.String("$attributed_channel") ?? properties.String("$attributed_channel");
        foreach (var attribution in attributions)
        {
            var relationships = attribution.Object("relationships");
            var flow = RelatedId(relationships, "flow");
            var campaign = RelatedId(relationships, "campaign");
            var attributedEvent = RelatedId(relationships, "attributed-event");
            if (flow is not null)
            {
                return new OrderAttribution(OrderAttributionKind.Flow, null, flow, RelatedId(relationships, "flow-message"), channel, attributedEvent);
            }

            if (campaign is not null)
            {
                return new OrderAttribution(OrderAttributionKind.Campaign, campaign, null, RelatedId(relationships, "campaign-message"), channel, attributedEvent);
            }
        }

        if (inBand is not { } band)
        {
            return null;
        }

        var flowId = band.String("$flow");
        var message = band.String("$message");
        var attributedEventId = band.String("$attributed_event_id");
        if (flowId is not null)
        {
            return new OrderAttribution(OrderAttributionKind.Flow, null, flowId, message, channel, attributedEventId);
        }

        // Without a flow, the in-band message is a campaign send; Klaviyo does not say which campaign it belongs to.
        return message is null ? null : new OrderAttribution(OrderAttributionKind.Campaign, null, null, message, channel, attributedEventId);
    }

    private static string? RelatedId(JsonElement? relationships, string name) =>
        relationships?.Object(name)?.Object("data")?.String("id");
}
