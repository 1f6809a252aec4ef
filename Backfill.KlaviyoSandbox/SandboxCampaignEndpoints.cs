using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Backfill.KlaviyoSandbox;

/// <summary><c>GET /api/campaigns</c>: one channel per call (the channel filter is mandatory), archived hidden unless asked for.</summary>
internal static class SandboxCampaignEndpoints
{
    private static readonly string[] Comparisons = ["greater-or-equal", "greater-than", "less-or-equal", "less-than"];

    private static readonly Dictionary<string, string[]> Filters = new(StringComparer.Ordinal)
    {
        ["messages.channel"] = ["equals"],
        ["id"] = ["any"],
        ["name"] = ["contains"],
        ["status"] = ["any", "equals"],
        ["archived"] = ["equals"],
        ["created_at"] = Comparisons,
        ["scheduled_at"] = Comparisons,
        ["updated_at"] = Comparisons,
    };

    private static readonly Dictionary<string, Func<SandboxCampaign, IComparable?>> SortKeys = new(StringComparer.Ordinal)
    {
        ["created_at"] = c => c.CreatedAt,
        ["id"] = c => c.Id,
        ["name"] = c => c.Name,
        ["scheduled_at"] = c => c.ScheduledAt,
        ["updated_at"] = c => c.UpdatedAt,
    };

    private static readonly string[] CampaignFields =
        ["archived", "audiences", "created_at", "id", "name", "scheduled_at", "send_options", "send_strategy", "send_time", "status", "tracking_options", "updated_at"];

    private static readonly string[] MessageFields = ["created_at", "definition", "id", "send_times", "updated_at"];
    private static readonly string[] TagFields = ["id", "name"];
    private static readonly string[] Includes = ["campaign-messages", "tags"];
    private static readonly string[] Channels = ["email", "sms", "mobile_push"];

    public static IResult GetCampaigns(HttpContext http)
    {
        var catalog = SandboxGate.Catalog(http);
        var query = new SandboxQuery(http);
        var terms = SandboxFilter.Parse(query.Get("filter"), "campaign", Filters);
        var channelTerm = terms.FirstOrDefault(t => t.Field == "messages.channel");
        if (channelTerm is null)
        {
            throw SandboxApiException.Invalid(
                "A channel filter is required. Use equals(messages.channel,'email'), equals(messages.channel,'sms') or equals(messages.channel,'mobile_push').",
                "filter");
        }
        if (channelTerm.Value.Kind != SandboxFilterValueKind.String || !Channels.Contains(channelTerm.Value.Text, StringComparer.Ordinal))
        {
            throw SandboxApiException.Invalid("'messages.channel' must be one of 'email', 'sms', 'mobile_push'.", "filter");
        }
        var size = query.PageSize(100, 100);
        var includes = query.GetList("include", Includes) ?? new HashSet<string>();
        var campaignFields = new SandboxFields(query.GetFieldList("fields[campaign]", CampaignFields));
        var messageFields = new SandboxFields(query.GetFieldList("fields[campaign-message]", MessageFields));
        var tagFields = new SandboxFields(query.GetList("fields[tag]", TagFields));
        var offset = query.OffsetCursor();
        var archivedAsked = terms.Any(t => t.Field == "archived");

        var matching = SandboxGate.Changes(http).Campaigns(catalog).Where(c =>
            (archivedAsked || !c.Archived) && terms.All(t => t.Field switch
            {
                "messages.channel" => c.Channel == t.Value.Text,
                "id" => SandboxListing.Text(t, c.Id),
                "name" => SandboxListing.Text(t, c.Name),
                "status" => SandboxListing.Text(t, c.Status),
                "archived" => SandboxListing.Boolean(t, c.Archived),
                "created_at" => SandboxListing.Compare(t, c.CreatedAt),
                "scheduled_at" => SandboxListing.Compare(t, c.ScheduledAt),
                _ => SandboxListing.Compare(t, c.UpdatedAt),
            }));
        var sorted = SandboxListing.Sort(matching, query.Get("sort"), SortKeys, "created_at", c => c.Id);
        var (page, next, prev) = SandboxListing.Page(sorted, offset, size);
        var root = query.ApiRoot;

        return SandboxResponses.Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            foreach (var campaign in page)
            {
                WriteCampaign(w, root, campaign, campaignFields);
            }
            w.WriteEndArray();
            if (includes.Count > 0)
            {
                w.WriteStartArray("included");
                var seenTags = new HashSet<string>(StringComparer.Ordinal);
                foreach (var campaign in page)
                {
                    if (includes.Contains("campaign-messages"))
                    {
                        WriteMessage(w, root, catalog.Account, campaign, messageFields);
                    }
                    if (includes.Contains("tags"))
                    {
                        foreach (var tag in campaign.Tags.Where(t => seenTags.Add(t.Id)))
                        {
                            WriteTag(w, root, tag, tagFields);
                        }
                    }
                }
                w.WriteEndArray();
            }
            SandboxJsonApi.CollectionLinks(w, query, next, prev);
            SandboxJsonApi.Meta(w);
            w.WriteEndObject();
        });
    }

    public static void WriteTag(Utf8JsonWriter w, string root, SandboxTag tag, SandboxFields fields)
    {
        w.WriteStartObject();
        w.WriteString("type", "tag");
        w.WriteString("id", tag.Id);
        w.WriteStartObject("attributes");
        if (fields.Has("name"))
        {
            w.WriteString("name", tag.Name);
        }
        w.WriteEndObject();
        SandboxJsonApi.SelfLink(w, root, "tags/" + tag.Id);
        w.WriteEndObject();
    }

    private static void WriteCampaign(Utf8JsonWriter w, string root, SandboxCampaign c, SandboxFields f)
    {
        var path = "campaigns/" + c.Id;
        w.WriteStartObject();
        w.WriteString("type", "campaign");
        w.WriteString("id", c.Id);
        w.WriteStartObject("attributes");
        if (f.Has("name"))
        {
            w.WriteString("name", c.Name);
        }
        if (f.Has("status"))
        {
            w.WriteString("status", c.Status);
        }
        if (f.Has("archived"))
        {
            w.WriteBoolean("archived", c.Archived);
        }
        if (f.HasAny("audiences"))
        {
            w.WriteStartObject("audiences");
            w.WriteStartArray("included");
            w.WriteStringValue(c.AudienceListId);
            w.WriteEndArray();
            w.WriteStartArray("excluded");
            w.WriteEndArray();
            w.WriteEndObject();
        }
        if (f.HasAny("send_options"))
        {
            w.WriteStartObject("send_options");
            w.WriteBoolean("use_smart_sending", true);
            w.WriteEndObject();
        }
        if (f.HasAny("tracking_options"))
        {
            if (c.Channel == "mobile_push")
            {
                w.WriteNull("tracking_options");
            }
            else
            {
                w.WriteStartObject("tracking_options");
                w.WriteBoolean("add_tracking_params", true);
                w.WriteStartArray("custom_tracking_params");
                w.WriteStartObject();
                w.WriteString("type", "dynamic");
                w.WriteString("value", "campaign_name");
                w.WriteString("name", "utm_campaign");
                w.WriteEndObject();
                w.WriteStartObject();
                w.WriteString("type", "static");
                w.WriteString("value", "klaviyo");
                w.WriteString("name", "utm_source");
                w.WriteEndObject();
                w.WriteEndArray();
                if (c.Channel == "email")
                {
                    w.WriteBoolean("is_tracking_clicks", true);
                    w.WriteBoolean("is_tracking_opens", true);
                }
                w.WriteEndObject();
            }
        }
        if (f.HasAny("send_strategy"))
        {
            w.WriteStartObject("send_strategy");
            if (c.SmartSendTime && c.ScheduledAt is { } smart)
            {
                w.WriteString("method", "smart_send_time");
                w.WriteString("date", smart.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (c.ScheduledAt is { } at)
            {
                w.WriteString("method", "static");
                w.WriteString("datetime", SandboxCatalog.Iso(at));
                w.WriteStartObject("options");
                w.WriteBoolean("is_local", false);
                w.WriteEndObject();
            }
            else
            {
                w.WriteString("method", "immediate");
            }
            w.WriteEndObject();
        }
        if (f.Has("created_at"))
        {
            w.WriteString("created_at", SandboxCatalog.Iso(c.CreatedAt));
        }
        if (f.Has("scheduled_at"))
        {
            SandboxJsonApi.StringOrNull(w, "scheduled_at", c.ScheduledAt is { } s ? SandboxCatalog.Iso(s) : null);
        }
        if (f.Has("updated_at"))
        {
            w.WriteString("updated_at", SandboxCatalog.Iso(c.UpdatedAt));
        }
        if (f.Has("send_time"))
        {
            SandboxJsonApi.StringOrNull(w, "send_time", c.SendTime is { } t ? SandboxCatalog.Iso(t) : null);
        }
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        SandboxJsonApi.ToMany(w, root, "campaign-messages", path, "campaign-message", [c.Message.Id]);
        SandboxJsonApi.ToMany(w, root, "tags", path, "tag", c.Tags.Select(t => t.Id));
        w.WriteEndObject();
        SandboxJsonApi.SelfLink(w, root, path);
        w.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter w, string root, SandboxAccountDefinition account, SandboxCampaign c, SandboxFields f)
    {
        var m = c.Message;
        var path = "campaign-messages/" + m.Id;
        w.WriteStartObject();
        w.WriteString("type", "campaign-message");
        w.WriteString("id", m.Id);
        w.WriteStartObject("attributes");
        if (f.HasAny("definition"))
        {
            w.WriteStartObject("definition");
            w.WriteString("channel", m.Channel);
            switch (m.Channel)
            {
                case "email":
                    w.WriteString("label", m.Label);
                    w.WriteStartObject("content");
                    w.WriteString("subject", m.Subject);
                    w.WriteString("preview_text", m.PreviewText);
                    w.WriteString("from_email", "hello@" + account.WebsiteDomain);
                    w.WriteString("from_label", account.Name);
                    w.WriteString("reply_to_email", "support@" + account.WebsiteDomain);
                    w.WriteNull("cc_email");
                    w.WriteNull("bcc_email");
                    w.WriteEndObject();
                    break;
                case "sms":
                    w.WriteStartObject("content");
                    w.WriteString("body", m.Body);
                    w.WriteNull("media_url");
                    w.WriteEndObject();
                    w.WriteStartObject("render_options");
                    w.WriteBoolean("shorten_links", true);
                    w.WriteBoolean("add_org_prefix", true);
                    w.WriteBoolean("add_info_link", true);
                    w.WriteBoolean("add_opt_out_language", false);
                    w.WriteEndObject();
                    break;
                default:
                    w.WriteString("notification_type", "standard");
                    w.WriteStartObject("content");
                    w.WriteString("title", m.Subject);
                    w.WriteString("body", m.PreviewText);
                    w.WriteNull("dynamic_image");
                    w.WriteNull("action_buttons");
                    w.WriteEndObject();
                    w.WriteNull("kv_pairs");
                    w.WriteNull("options");
                    break;
            }
            w.WriteEndObject();
        }
        if (f.HasAny("send_times"))
        {
            if (c.SendTime is { } sent)
            {
                w.WriteStartArray("send_times");
                w.WriteStartObject();
                w.WriteString("datetime", SandboxCatalog.Iso(sent));
                w.WriteBoolean("is_local", false);
                w.WriteEndObject();
                w.WriteEndArray();
            }
            else
            {
                w.WriteNull("send_times");
            }
        }
        if (f.Has("created_at"))
        {
            w.WriteString("created_at", SandboxCatalog.Iso(m.CreatedAt));
        }
        if (f.Has("updated_at"))
        {
            w.WriteString("updated_at", SandboxCatalog.Iso(m.UpdatedAt));
        }
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        SandboxJsonApi.ToOne(w, root, "campaign", path, "campaign", c.Id);
        if (m.Channel == "email")
        {
            SandboxJsonApi.ToOne(w, root, "template", path, "template", m.TemplateId);
        }
        w.WriteEndObject();
        SandboxJsonApi.SelfLink(w, root, path);
        w.WriteEndObject();
    }
}
