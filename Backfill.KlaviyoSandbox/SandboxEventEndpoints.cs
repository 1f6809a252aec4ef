using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Backfill.KlaviyoSandbox;

/// <summary><c>GET /api/events</c>: days are generated on demand and cut to the page, newest data never stored.</summary>
internal static class SandboxEventEndpoints
{
    private static readonly Dictionary<string, string[]> Filters = new(StringComparer.Ordinal)
    {
        ["metric_id"] = ["equals"],
        ["profile_id"] = ["equals"],
        ["profile"] = ["has"],
        ["metric"] = ["has"],
        ["datetime"] = ["greater-or-equal", "greater-than", "less-or-equal", "less-than"],
        ["timestamp"] = ["greater-or-equal", "greater-than", "less-or-equal", "less-than"],
    };

    private static readonly string[] Includes = ["attributions", "metric", "profile"];
    private static readonly string[] EventFields = ["datetime", "event_properties", "id", "timestamp", "uuid"];
    private static readonly string[] MetricFields = ["created", "id", "integration", "name", "updated"];
    private static readonly string[] AttributionFields = ["id"];
    private static readonly string[] Sorts = ["datetime", "-datetime", "timestamp", "-timestamp"];

    internal static readonly string[] ProfileFields =
    [
        "created", "email", "external_id", "first_name", "id", "image", "last_event_date", "last_name", "locale",
        "location", "location.address1", "location.address2", "location.city", "location.country", "location.ip",
        "location.latitude", "location.longitude", "location.region", "location.timezone", "location.zip",
        "organization", "phone_number", "properties", "title", "updated",
    ];

    public static IResult GetEvents(HttpContext http, SandboxWorld world)
    {
        var catalog = SandboxGate.Catalog(http);
        var query = new SandboxQuery(http);
        var terms = SandboxFilter.Parse(query.Get("filter"), "event", Filters);
        var size = query.PageSize(200, 1000);
        var includes = query.GetList("include", Includes) ?? new HashSet<string>();
        var eventFields = new SandboxFields(query.GetList("fields[event]", EventFields));
        var profileFields = new SandboxFields(query.GetList("fields[profile]", ProfileFields));
        var metricFields = new SandboxFields(query.GetList("fields[metric]", MetricFields));
        query.GetList("fields[attribution]", AttributionFields);
        var sort = query.Get("sort") ?? "datetime";
        if (!Sorts.Contains(sort, StringComparer.Ordinal))
        {
            throw SandboxApiException.Invalid(
                string.Create(CultureInfo.InvariantCulture, $"'{sort}' is not a valid sort. Valid sorts are: {string.Join(", ", Sorts)}."), "sort");
        }
        var descending = sort[0] == '-';
        var scope = Scope(catalog, terms);
        var cursor = DecodeCursor(query.Get("page[cursor]"));

        var page = new List<SandboxListedEvent>(Math.Min(size + 1, 1024));
        if (scope.AllMetrics || scope.Metric is not null)
        {
            var cutoff = SandboxReversals.Cutoff(catalog, world.Time.GetUtcNow());
            Collect(catalog, SandboxGate.Changes(http), scope, cutoff, cursor, descending, size + 1, page);
        }
        var hasNext = page.Count > size;
        if (hasNext)
        {
            page.RemoveAt(page.Count - 1);
        }
        var next = hasNext ? EncodeCursor(page[^1], descending) : null;
        var root = query.ApiRoot;

        var profiles = new Dictionary<int, SandboxProfile>();
        SandboxProfile ProfileOf(int customer) =>
            profiles.TryGetValue(customer, out var p) ? p : profiles[customer] = SandboxProfiles.Get(catalog, customer);

        return SandboxResponses.Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            foreach (var listed in page)
            {
                WriteEvent(w, root, catalog, listed, ProfileOf(listed.Customer), eventFields);
            }
            w.WriteEndArray();
            if (includes.Count > 0)
            {
                w.WriteStartArray("included");
                var seenProfiles = new HashSet<int>();
                var seenMetrics = new HashSet<string>(StringComparer.Ordinal);
                foreach (var listed in page)
                {
                    if (includes.Contains("profile") && seenProfiles.Add(listed.Customer))
                    {
                        SandboxProfileWriter.Write(w, root, catalog, ProfileOf(listed.Customer), profileFields);
                    }
                    if (includes.Contains("metric") && listed.Metric(catalog) is var metric && seenMetrics.Add(metric.Id))
                    {
                        SandboxResourceEndpoints.WriteMetric(w, root, metric, metricFields);
                    }
                    if (includes.Contains("attributions") && listed.HasAttribution)
                    {
                        WriteAttribution(w, root, listed.Order, SandboxAttribution.Resolve(catalog, listed.Order));
                    }
                }
                w.WriteEndArray();
            }
            SandboxJsonApi.CollectionLinks(w, query, next, null);
            SandboxJsonApi.Meta(w);
            w.WriteEndObject();
        });
    }

    /// <summary>Which events to list; <see cref="AllMetrics"/> when no metric filter was given.</summary>
    private sealed record EventScope(SandboxMetric? Metric, bool AllMetrics, long From, long To, int? Customer, bool ProfileFilter);

    private static EventScope Scope(SandboxCatalog catalog, List<SandboxFilterTerm> terms)
    {
        SandboxMetric? metric = null;
        var metricGiven = false;
        var from = long.MinValue;
        var to = long.MaxValue;
        int? customer = null;
        var profileFilter = false;
        foreach (var term in terms)
        {
            switch (term.Field)
            {
                case "metric_id":
                    RequireKind(term, SandboxFilterValueKind.String);
                    metricGiven = true;
                    var found = catalog.FindMetric(term.Value.Text);
                    metric = found is { Kind: SandboxMetricKind.PlacedOrder or SandboxMetricKind.SecondaryPlacedOrder or SandboxMetricKind.RefundedOrder or SandboxMetricKind.CancelledOrder }
                        ? found
                        : null;
                    break;
                case "profile_id":
                    RequireKind(term, SandboxFilterValueKind.String);
                    profileFilter = true;
                    customer = SandboxProfiles.CustomerOf(catalog, term.Value.Text);
                    break;
                case "datetime":
                case "timestamp":
                    long seconds;
                    if (term.Field == "datetime")
                    {
                        RequireKind(term, SandboxFilterValueKind.DateTime);
                        seconds = term.Value.Instant.ToUnixTimeSeconds();
                    }
                    else
                    {
                        RequireKind(term, SandboxFilterValueKind.Number);
                        seconds = (long)Math.Floor(term.Value.Number);
                    }
                    switch (term.Operator)
                    {
                        case "greater-than": from = Math.Max(from, seconds + 1); break;
                        case "greater-or-equal": from = Math.Max(from, seconds); break;
                        case "less-than": to = Math.Min(to, seconds); break;
                        default: to = Math.Min(to, seconds + 1); break;
                    }
                    break;
            }
        }
        // Without a metric filter every stored event is listed: orders and their refunds and cancellations.
        return new EventScope(metricGiven ? metric : null, !metricGiven, from, to, customer, profileFilter);
    }

    private static void RequireKind(SandboxFilterTerm term, SandboxFilterValueKind kind)
    {
        if (term.Value.Kind != kind)
        {
            throw SandboxApiException.InvalidFilter();
        }
    }

    private static void Collect(
        SandboxCatalog catalog, SandboxChangeSet changes, EventScope scope, long cutoff, (long Ts, string Id)? cursor, bool descending, int limit,
        List<SandboxListedEvent> page)
    {
        if (scope.ProfileFilter && scope.Customer is null)
        {
            return;
        }
        var firstDay = catalog.HistoryStart;
        var lastDay = catalog.HistoryEnd;
        if (scope.From != long.MinValue)
        {
            firstDay = Max(firstDay, catalog.LocalDay(Math.Max(scope.From, -62135596800L + 86400)));
        }
        if (scope.To != long.MaxValue)
        {
            lastDay = Min(lastDay, catalog.LocalDay(Math.Max(scope.To - 1, -62135596800L + 86400)));
        }
        if (cursor is { } c)
        {
            var cursorDay = catalog.LocalDay(c.Ts);
            if (descending)
            {
                lastDay = Min(lastDay, cursorDay);
            }
            else
            {
                firstDay = Max(firstDay, cursorDay);
            }
        }
        if (firstDay > lastDay)
        {
            return;
        }
        foreach (var events in Days(catalog, changes, scope, cutoff, firstDay, lastDay, descending))
        {
            for (var k = 0; k < events.Count && page.Count < limit; k++)
            {
                var listed = events[descending ? events.Count - 1 - k : k];
                if (listed.Timestamp < scope.From || listed.Timestamp >= scope.To)
                {
                    continue;
                }
                if (scope.Customer is { } customer && listed.Customer != customer)
                {
                    continue;
                }
                if (cursor is { } at)
                {
                    var cmp = listed.Timestamp != at.Ts ? listed.Timestamp.CompareTo(at.Ts) : string.CompareOrdinal(listed.Id, at.Id);
                    if (descending ? cmp >= 0 : cmp <= 0)
                    {
                        continue;
                    }
                }
                page.Add(listed);
            }
            if (page.Count >= limit)
            {
                break;
            }
        }
    }

    /// <summary>
    /// The scope's events of each local day in listing direction, each day in time order. Reversals are only derived
    /// when a reversal metric (or every metric) is listed, so Placed Order pages cost no more than before they existed.
    /// </summary>
    private static IEnumerable<List<SandboxListedEvent>> Days(
        SandboxCatalog catalog, SandboxChangeSet changes, EventScope scope, long cutoff, DateOnly firstDay, DateOnly lastDay, bool descending)
    {
        var kind = scope.Metric?.Kind;
        var orders = scope.AllMetrics || kind is SandboxMetricKind.PlacedOrder or SandboxMetricKind.SecondaryPlacedOrder;
        var secondary = kind == SandboxMetricKind.SecondaryPlacedOrder;
        using var reversalDays = scope.AllMetrics || kind is SandboxMetricKind.RefundedOrder or SandboxMetricKind.CancelledOrder
            ? SandboxReversals.ByDay(catalog, changes, firstDay, lastDay, descending, cutoff).GetEnumerator()
            : null;
        for (var day = descending ? lastDay : firstDay; day >= firstDay && day <= lastDay; day = day.AddDays(descending ? -1 : 1))
        {
            var events = new List<SandboxListedEvent>();
            if (orders)
            {
                foreach (var order in SandboxOrders.OfDay(catalog, changes, day))
                {
                    if (scope.AllMetrics || order.Secondary == secondary)
                    {
                        events.Add(new SandboxListedEvent(order, null));
                    }
                }
            }
            if (reversalDays is not null && reversalDays.MoveNext())
            {
                foreach (var reversal in reversalDays.Current)
                {
                    if (scope.AllMetrics || reversal.MetricKind == kind)
                    {
                        events.Add(new SandboxListedEvent(reversal.Order, reversal));
                    }
                }
                if (orders)
                {
                    events.Sort(SandboxListedEvent.Chronological);
                }
            }
            yield return events;
        }
    }

    private static void WriteEvent(
        Utf8JsonWriter w, string root, SandboxCatalog catalog, SandboxListedEvent listed, SandboxProfile profile, SandboxFields fields)
    {
        var order = listed.Order;
        var path = "events/" + listed.Id;
        w.WriteStartObject();
        w.WriteString("type", "event");
        w.WriteString("id", listed.Id);
        w.WriteStartObject("attributes");
        if (fields.Has("timestamp"))
        {
            w.WriteNumber("timestamp", listed.Timestamp);
        }
        if (fields.Has("event_properties"))
        {
            if (listed.Reversal is { } reversal)
            {
                SandboxReversalProperties.Write(w, catalog, reversal);
            }
            else
            {
                SandboxEventProperties.Write(w, catalog, order, profile);
            }
        }
        if (fields.Has("datetime"))
        {
            w.WriteString("datetime", SandboxCatalog.Iso(DateTimeOffset.FromUnixTimeSeconds(listed.Timestamp)));
        }
        if (fields.Has("uuid"))
        {
            w.WriteString("uuid", SandboxIds.UuidV1(listed.Timestamp, listed.Reversal?.Noise ?? order.Noise));
        }
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        SandboxJsonApi.ToOne(w, root, "profile", path, "profile", profile.Id);
        SandboxJsonApi.ToOne(w, root, "metric", path, "metric", listed.Metric(catalog).Id);
        var attributionIds = listed.HasAttribution
            ? new[] { SandboxAttribution.Resolve(catalog, order).AttributionId }
            : [];
        SandboxJsonApi.ToMany(w, root, "attributions", path, "attribution", attributionIds);
        w.WriteEndObject();
        SandboxJsonApi.SelfLink(w, root, path);
        w.WriteEndObject();
    }

    private static void WriteAttribution(Utf8JsonWriter w, string root, SandboxOrder order, SandboxAttributionTarget target)
    {
        var path = "attributions/" + target.AttributionId;
        w.WriteStartObject();
        w.WriteString("type", "attribution");
        w.WriteString("id", target.AttributionId);
        w.WriteStartObject("relationships");
        SandboxJsonApi.ToOne(w, root, "event", path, "event", order.Id);
        SandboxJsonApi.ToOne(w, root, "attributed-event", path, "event", target.AttributedEventId);
        if (target.Campaign is { } campaign)
        {
            SandboxJsonApi.ToOne(w, root, "campaign", path, "campaign", campaign.Id);
            SandboxJsonApi.ToOne(w, root, "campaign-message", path, "campaign-message", campaign.Message.Id);
        }
        else
        {
            SandboxJsonApi.ToOne(w, root, "flow", path, "flow", target.FlowId!);
            SandboxJsonApi.ToOne(w, root, "flow-message", path, "flow-message", target.FlowMessage!.Id);
        }
        w.WriteEndObject();
        SandboxJsonApi.SelfLink(w, root, path);
        w.WriteEndObject();
    }

    private static string EncodeCursor(SandboxListedEvent last, bool descending) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture, $"[{last.Timestamp}, \"{last.Id}\", {(descending ? "false" : "true")}]")));

    private static (long Ts, string Id)? DecodeCursor(string? cursor)
    {
        if (cursor is null)
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(Convert.FromBase64String(cursor));
            var array = doc.RootElement;
            return (array[0].GetInt64(), array[1].GetString() ?? throw new FormatException());
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw SandboxApiException.Invalid("Invalid page cursor.", "page[cursor]");
        }
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
