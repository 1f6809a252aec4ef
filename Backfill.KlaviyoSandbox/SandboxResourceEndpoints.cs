using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Backfill.KlaviyoSandbox;

/// <summary><c>GET /api/accounts</c> and <c>GET /api/metrics</c>.</summary>
internal static class SandboxResourceEndpoints
{
    private static readonly string[] AccountFields =
    [
        "contact_information", "contact_information.default_sender_email", "contact_information.default_sender_name",
        "contact_information.organization_name", "contact_information.street_address",
        "contact_information.street_address.address1", "contact_information.street_address.address2",
        "contact_information.street_address.city", "contact_information.street_address.country",
        "contact_information.street_address.region", "contact_information.street_address.zip",
        "contact_information.website_url", "id", "industry", "locale", "preferred_currency", "public_api_key",
        "test_account", "timezone",
    ];

    private static readonly string[] MetricFields = ["created", "id", "integration", "name", "updated"];
    private static readonly string[] FlowFields = ["archived", "created", "id", "name", "status", "trigger_type", "updated"];
    private static readonly string[] MetricIncludes = ["flow-triggers"];

    private static readonly Dictionary<string, string[]> MetricFilters = new(StringComparer.Ordinal)
    {
        ["integration.name"] = ["equals"],
        ["integration.category"] = ["equals"],
    };

    public static IResult GetAccounts(HttpContext http)
    {
        var catalog = SandboxGate.Catalog(http);
        var query = new SandboxQuery(http);
        var fields = new SandboxFields(query.GetList("fields[account]", AccountFields));
        var a = catalog.Account;
        return SandboxResponses.Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            w.WriteStartObject();
            w.WriteString("type", "account");
            w.WriteString("id", a.AccountId);
            w.WriteStartObject("attributes");
            if (fields.Has("test_account"))
            {
                w.WriteBoolean("test_account", false);
            }
            if (fields.HasAny("contact_information"))
            {
                w.WriteStartObject("contact_information");
                w.WriteString("default_sender_name", a.Name);
                w.WriteString("default_sender_email", "hello@" + a.WebsiteDomain);
                w.WriteString("website_url", "https://" + a.WebsiteDomain);
                w.WriteString("organization_name", a.Name);
                w.WriteStartObject("street_address");
                var city = a.Cities[^1];
                w.WriteString("address1", "311 N Front St");
                w.WriteNull("address2");
                w.WriteString("city", city.City);
                w.WriteString("region", city.RegionCode);
                w.WriteString("country", city.CountryCode);
                w.WriteString("zip", city.Zip);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            if (fields.Has("industry"))
            {
                w.WriteString("industry", a.Industry);
            }
            if (fields.Has("timezone"))
            {
                w.WriteString("timezone", a.TimeZoneId);
            }
            if (fields.Has("preferred_currency"))
            {
                w.WriteString("preferred_currency", a.Currency);
            }
            if (fields.Has("public_api_key"))
            {
                w.WriteString("public_api_key", a.AccountId);
            }
            if (fields.Has("locale"))
            {
                w.WriteString("locale", a.Locale);
            }
            w.WriteEndObject();
            SandboxJsonApi.SelfLink(w, query.ApiRoot, "accounts/" + a.AccountId);
            w.WriteEndObject();
            w.WriteEndArray();
            SandboxJsonApi.CollectionLinks(w, query, null, null);
            SandboxJsonApi.Meta(w);
            w.WriteEndObject();
        });
    }

    public static IResult GetMetrics(HttpContext http)
    {
        var catalog = SandboxGate.Catalog(http);
        var query = new SandboxQuery(http);
        var terms = SandboxFilter.Parse(query.Get("filter"), "metric", MetricFilters);
        var fields = new SandboxFields(query.GetList("fields[metric]", MetricFields));
        query.GetList("fields[flow]", FlowFields);
        var includes = query.GetList("include", MetricIncludes);
        if (query.Get("page[cursor]") is { } cursor && cursor.Length > 0)
        {
            // Every account fits on one page (Klaviyo pages metrics by 200), so any cursor points past the end.
            throw SandboxApiException.Invalid("Invalid page cursor.", "page[cursor]");
        }
        var metrics = catalog.Metrics.Where(m => terms.All(t =>
        {
            if (t.Value.Kind != SandboxFilterValueKind.String)
            {
                throw SandboxApiException.InvalidFilter();
            }
            var actual = t.Field == "integration.name" ? m.Integration.Name : m.Integration.Category;
            return string.Equals(actual, t.Value.Text, StringComparison.Ordinal);
        })).ToList();
        return SandboxResponses.Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            foreach (var metric in metrics)
            {
                WriteMetric(w, query.ApiRoot, metric, fields, includes is not null);
            }
            w.WriteEndArray();
            if (includes is not null)
            {
                w.WriteStartArray("included");
                w.WriteEndArray();
            }
            SandboxJsonApi.CollectionLinks(w, query, null, null);
            SandboxJsonApi.Meta(w);
            w.WriteEndObject();
        });
    }

    public static void WriteMetric(Utf8JsonWriter w, string root, SandboxMetric metric, SandboxFields fields, bool relationships = false)
    {
        w.WriteStartObject();
        w.WriteString("type", "metric");
        w.WriteString("id", metric.Id);
        w.WriteStartObject("attributes");
        if (fields.Has("name"))
        {
            w.WriteString("name", metric.Name);
        }
        if (fields.Has("created"))
        {
            w.WriteString("created", SandboxCatalog.IsoMicro(metric.Created));
        }
        if (fields.Has("updated"))
        {
            w.WriteString("updated", SandboxCatalog.IsoMicro(metric.Created.AddDays(12)));
        }
        if (fields.Has("integration"))
        {
            w.WriteStartObject("integration");
            w.WriteString("object", "integration");
            w.WriteString("id", metric.Integration.Id);
            w.WriteString("key", metric.Integration.Key);
            w.WriteString("name", metric.Integration.Name);
            w.WriteString("category", metric.Integration.Category);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        if (relationships)
        {
            w.WriteStartObject("relationships");
            SandboxJsonApi.ToMany(w, root, "flow-triggers", "metrics/" + metric.Id, "flow", []);
            w.WriteEndObject();
        }
        SandboxJsonApi.SelfLink(w, root, "metrics/" + metric.Id);
        w.WriteEndObject();
    }
}
