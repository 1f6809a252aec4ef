using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Backfill.KlaviyoSandbox;

/// <summary><c>GET /api/flows</c> with optional <c>include=flow-actions,tags</c>.</summary>
internal static class SandboxFlowEndpoints
{
    private static readonly string[] Comparisons = ["equals", "greater-or-equal", "greater-than", "less-or-equal", "less-than"];

    private static readonly Dictionary<string, string[]> Filters = new(StringComparer.Ordinal)
    {
        ["id"] = ["any"],
        ["name"] = ["contains", "ends-with", "equals", "starts-with"],
        ["status"] = ["equals"],
        ["archived"] = ["equals"],
        ["created"] = Comparisons,
        ["updated"] = Comparisons,
        ["trigger_type"] = ["equals"],
    };

    private static readonly Dictionary<string, Func<SandboxFlow, IComparable?>> SortKeys = new(StringComparer.Ordinal)
    {
        ["created"] = f => f.Created,
        ["id"] = f => f.Id,
        ["name"] = f => f.Name,
        ["status"] = f => f.Status,
        ["trigger_type"] = f => f.TriggerType,
        ["updated"] = f => f.Updated,
    };

    private static readonly string[] FlowFields = ["archived", "created", "id", "name", "status", "trigger_type", "updated"];
    private static readonly string[] ActionFields = ["created", "definition", "id", "updated"];
    private static readonly string[] TagFields = ["id", "name"];
    private static readonly string[] Includes = ["flow-actions", "tags"];

    public static IResult GetFlows(HttpContext http)
    {
        var catalog = SandboxGate.Catalog(http);
        var query = new SandboxQuery(http);
        var terms = SandboxFilter.Parse(query.Get("filter"), "flow", Filters);
        var size = query.PageSize(50, 50);
        var includes = query.GetList("include", Includes) ?? new HashSet<string>();
        var fields = new SandboxFields(query.GetList("fields[flow]", FlowFields));
        var actionFields = new SandboxFields(query.GetFieldList("fields[flow-action]", ActionFields));
        var tagFields = new SandboxFields(query.GetList("fields[tag]", TagFields));
        var offset = query.OffsetCursor();
        var archivedAsked = terms.Any(t => t.Field == "archived");

        var matching = SandboxGate.Changes(http).Flows(catalog).Where(f =>
            (archivedAsked || !f.Archived) && terms.All(t => t.Field switch
            {
                "id" => SandboxListing.Text(t, f.Id),
                "name" => SandboxListing.Text(t, f.Name),
                "status" => SandboxListing.Text(t, f.Status),
                "archived" => SandboxListing.Boolean(t, f.Archived),
                "created" => SandboxListing.Compare(t, f.Created),
                "updated" => SandboxListing.Compare(t, f.Updated),
                _ => SandboxListing.Text(t, f.TriggerType),
            }));
        var sorted = SandboxListing.Sort(matching, query.Get("sort"), SortKeys, "created", f => f.Id);
        var (page, next, prev) = SandboxListing.Page(sorted, offset, size);
        var root = query.ApiRoot;

        return SandboxResponses.Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            foreach (var flow in page)
            {
                WriteFlow(w, root, flow, fields);
            }
            w.WriteEndArray();
            if (includes.Count > 0)
            {
                w.WriteStartArray("included");
                var seenTags = new HashSet<string>(StringComparer.Ordinal);
                foreach (var flow in page)
                {
                    if (includes.Contains("flow-actions"))
                    {
                        foreach (var message in flow.Messages)
                        {
                            WriteAction(w, root, flow, message, actionFields);
                        }
                    }
                    if (includes.Contains("tags"))
                    {
                        foreach (var tag in flow.Tags.Where(t => seenTags.Add(t.Id)))
                        {
                            SandboxCampaignEndpoints.WriteTag(w, root, tag, tagFields);
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

    private static void WriteFlow(Utf8JsonWriter w, string root, SandboxFlow flow, SandboxFields f)
    {
        var path = "flows/" + flow.Id;
        w.WriteStartObject();
        w.WriteString("type", "flow");
        w.WriteString("id", flow.Id);
        w.WriteStartObject("attributes");
        if (f.Has("name"))
        {
            w.WriteString("name", flow.Name);
        }
        if (f.Has("status"))
        {
            w.WriteString("status", flow.Status);
        }
        if (f.Has("archived"))
        {
            w.WriteBoolean("archived", flow.Archived);
        }
        if (f.Has("created"))
        {
            w.WriteString("created", SandboxCatalog.Iso(flow.Created));
        }
        if (f.Has("updated"))
        {
            w.WriteString("updated", SandboxCatalog.Iso(flow.Updated));
        }
        if (f.Has("trigger_type"))
        {
            w.WriteString("trigger_type", flow.TriggerType);
        }
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        SandboxJsonApi.ToMany(w, root, "flow-actions", path, "flow-action", flow.ActionIds);
        SandboxJsonApi.ToMany(w, root, "tags", path, "tag", flow.Tags.Select(t => t.Id));
        w.WriteEndObject();
        SandboxJsonApi.SelfLink(w, root, path);
        w.WriteEndObject();
    }

    private static void WriteAction(Utf8JsonWriter w, string root, SandboxFlow flow, SandboxFlowMessage message, SandboxFields f)
    {
        var path = "flow-actions/" + message.ActionId;
        w.WriteStartObject();
        w.WriteString("type", "flow-action");
        w.WriteString("id", message.ActionId);
        w.WriteStartObject("attributes");
        if (f.Has("created"))
        {
            w.WriteString("created", SandboxCatalog.Iso(flow.Created));
        }
        if (f.Has("updated"))
        {
            w.WriteString("updated", SandboxCatalog.Iso(flow.Updated));
        }
        if (f.HasAny("definition"))
        {
            w.WriteStartObject("definition");
            w.WriteString("id", message.ActionId);
            w.WriteString("type", message.Channel == "sms" ? "send-sms" : "send-email");
            w.WriteStartObject("data");
            w.WriteStartObject("message");
            w.WriteString("id", message.Id);
            w.WriteString("name", message.Name);
            w.WriteEndObject();
            w.WriteString("status", flow.Status == "live" ? "live" : "draft");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        SandboxJsonApi.ToOne(w, root, "flow", path, "flow", flow.Id);
        SandboxJsonApi.ToMany(w, root, "flow-messages", path, "flow-message", [message.Id]);
        w.WriteEndObject();
        SandboxJsonApi.SelfLink(w, root, path);
        w.WriteEndObject();
    }
}
