using System.Text.Json;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>Maps JSON:API resources to the client's records, tolerating absent optional attributes.</summary>
internal static class KlaviyoResourceMapper
{
    public static KlaviyoAccount Account(JsonElement resource)
    {
        var attributes = Attributes(resource);
        return new KlaviyoAccount(
            resource.String("id") ?? "",
            attributes.String("timezone") ?? "UTC",
            attributes.String("preferred_currency") ?? "USD",
            attributes.String("locale"),
            attributes.Object("contact_information")?.String("organization_name"),
            attributes.Bool("test_account") ?? false);
    }

    public static KlaviyoMetric Metric(JsonElement resource)
    {
        var attributes = Attributes(resource);
        var integration = attributes.Object("integration");
        return new KlaviyoMetric(
            resource.String("id") ?? "",
            attributes.String("name") ?? "",
            integration?.String("name"),
            integration?.String("key"),
            integration?.String("category"),
            attributes.DateTime("created"),
            attributes.DateTime("updated"));
    }

    public static KlaviyoCampaign Campaign(JsonElement resource, string channel, IReadOnlyList<JsonElement> messages)
    {
        var attributes = Attributes(resource);
        return new KlaviyoCampaign(
            resource.String("id") ?? "",
            attributes.String("name") ?? "",
            attributes.String("status"),
            channel,
            attributes.Bool("archived") ?? false,
            attributes.DateTime("created_at"),
            attributes.DateTime("updated_at"),
            attributes.DateTime("scheduled_at"),
            attributes.DateTime("send_time"),
            [.. messages.Select(CampaignMessage)],
            attributes.Object("audiences") is { } audiences
                ? new KlaviyoAudiences(
                    [.. audiences.Array("included").Select(a => a.AsText()).OfType<string>()],
                    [.. audiences.Array("excluded").Select(a => a.AsText()).OfType<string>()])
                : null);
    }

    public static KlaviyoCampaignMessage CampaignMessage(JsonElement resource)
    {
        var attributes = Attributes(resource);
        var definition = attributes.Object("definition");
        var content = definition?.Object("content");
        var sendTimes = attributes.Array("send_times")
            .Select(t => t.DateTime("datetime"))
            .OfType<DateTimeOffset>()
            .ToList();
        return new KlaviyoCampaignMessage(
            resource.String("id") ?? "",
            definition?.String("channel"),
            definition?.String("label") ?? attributes.String("label"),
            content?.String("subject"),
            content?.String("preview_text"),
            content?.String("from_email"),
            content?.String("from_label"),
            content?.String("body"),
            sendTimes);
    }

    public static KlaviyoFlow Flow(JsonElement resource)
    {
        var attributes = Attributes(resource);
        return new KlaviyoFlow(
            resource.String("id") ?? "",
            attributes.String("name") ?? "",
            attributes.String("status"),
            attributes.Bool("archived") ?? false,
            attributes.String("trigger_type"),
            attributes.DateTime("created"),
            attributes.DateTime("updated"));
    }

    /// <summary>
    /// An event, or null when it lacks an id or a readable time (it cannot be placed in a window). It keeps its
    /// resource and the included profile and attributions as bytes (a profile shared by several events of the page
    /// once), parsed again when read: held parsed, a page's events cost about twice as much.
    /// </summary>
    public static KlaviyoEvent? Event(byte[] utf8, JsonApiDocument page)
    {
        var resource = EventHeader.Of(utf8);
        var id = resource.String("id");
        var attributes = Attributes(resource);
        var datetime = attributes.DateTime("datetime")
            ?? (attributes.Decimal("timestamp") is { } seconds ? DateTimeOffset.FromUnixTimeSeconds((long)seconds) : null);
        if (id is null || datetime is null)
        {
            return null;
        }

        var profile = page.RelatedUtf8(resource, "profile");
        return new KlaviyoEvent(id, datetime.Value, utf8, profile.Count > 0 ? profile[0] : null, page.RelatedUtf8(resource, "attributions"));
    }

    public static IReadOnlyDictionary<string, string?> Groupings(JsonElement row)
    {
        var groupings = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (row.Object("groupings") is { } values)
        {
            foreach (var property in values.EnumerateObject())
            {
                groupings[property.Name] = property.Value.AsText();
            }
        }

        return groupings;
    }

    private static JsonElement Attributes(JsonElement resource) => resource.Object("attributes") ?? default;
}
