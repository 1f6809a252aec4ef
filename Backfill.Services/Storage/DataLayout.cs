using System.Globalization;

namespace Backfill.Services.Storage;

/// <summary>
/// The one owner of every path in the data layout our users' reporting reads. Nothing else builds paths.
/// <code>
/// clients/{client_id}
/// clients/{client_id}/klaviyo/data/campaigns/{campaign_id}
/// clients/{client_id}/klaviyo/data/flows/{flow_id}
/// clients/{client_id}/klaviyo/data/orders/{event_id}
/// clients/{client_id}/klaviyo/data/daily/campaigns/{date}/{campaign_id}
/// clients/{client_id}/klaviyo/data/daily/flows/{date}/{flow_id}
/// clients/{client_id}/klaviyo/data/daily/orders/{date}/{event_id}
/// clients/{client_id}/klaviyo/data/daily_rollups/{date}
/// clients/{client_id}/klaviyo/data/unmatched_refunds/{event_id}
/// backfill_status/{client_id}
/// backfill_status/{client_id}/skipped/{event_id}
/// alerts/{client_id}.{kind}
/// schedules/{client_id}
/// schedule_runs/{client_id}
/// schedule_settings/default
/// schedule_settings/pause
/// </code>
/// </summary>
public static class DataLayout
{
    public const string DateFormat = "yyyy-MM-dd";

    public static readonly CollectionPath Clients = CollectionPath.Of("clients");

    public static readonly CollectionPath BackfillStatuses = CollectionPath.Of("backfill_status");

    /// <summary><c>alerts</c>: one document per client and kind of incident, open or last resolved.</summary>
    public static readonly CollectionPath Alerts = CollectionPath.Of("alerts");

    /// <summary><c>schedules</c>: a client's own schedule (absent: it follows the default).</summary>
    public static readonly CollectionPath Schedules = CollectionPath.Of("schedules");

    /// <summary><c>schedule_runs</c>: what the scheduler last did for each client, so a restart knows.</summary>
    public static readonly CollectionPath ScheduleRuns = CollectionPath.Of("schedule_runs");

    /// <summary><c>schedule_settings/default</c> (every client's schedule unless it has its own) and <c>schedule_settings/pause</c>.</summary>
    public static readonly CollectionPath ScheduleSettings = CollectionPath.Of("schedule_settings");

    public static DocumentPath Schedule(ClientId client) => Schedules.Document(client.Value);

    public static DocumentPath ScheduleRun(ClientId client) => ScheduleRuns.Document(client.Value);

    public static DocumentPath Client(ClientId client) => Clients.Document(client.Value);

    public static DocumentPath BackfillStatus(ClientId client) => BackfillStatuses.Document(client.Value);

    /// <summary>
    /// <c>alerts/{client_id}.{kind}</c>. A client id never contains '.', so the separator keeps every pair apart; a kind
    /// is snake_case letters (<c>run_failed</c>), anything else is refused.
    /// </summary>
    public static DocumentPath Alert(ClientId client, string kind) =>
        !string.IsNullOrEmpty(kind) && kind.All(c => c is (>= 'a' and <= 'z') or '_')
            ? Alerts.Document($"{client.Value}.{kind}")
            : throw new InvalidPathException(kind ?? "", "an alert kind is snake_case letters");

    /// <summary><c>backfill_status/{id}/runs</c>: one document per run (backfill, quick check, refresh, re-sync).</summary>
    public static CollectionPath Runs(ClientId client) => BackfillStatus(client).Collection("runs");

    public static DocumentPath Run(ClientId client, string runId) => Runs(client).Document(PathSegments.Validate(runId, "run_id"));

    /// <summary><c>backfill_status/{id}/skipped</c>: events a run could not store (oversized, an id the layout refuses), with the reason.</summary>
    public static CollectionPath SkippedEvents(ClientId client) => BackfillStatus(client).Collection("skipped");

    /// <summary>
    /// <c>backfill_status/{id}/skipped/{event_id}</c>. An id the layout refuses cannot name its own record either, so
    /// it is recorded as <c>refused-</c> and the first 32 hex digits of its SHA-256 (Klaviyo ids have no '-', so the
    /// two forms never meet); the record keeps the id itself in a field.
    /// </summary>
    public static DocumentPath SkippedEvent(ClientId client, string eventId) =>
        SkippedEvents(client).Document(PathSegments.IsValid(eventId ?? "")
            ? eventId!
            : "refused-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(eventId ?? "")))[..32]);

    /// <summary><c>clients/{id}/klaviyo/data</c>: the root of everything copied from Klaviyo for a client.</summary>
    public static DocumentPath KlaviyoData(ClientId client) => Client(client).Collection("klaviyo").Document("data");

    public static CollectionPath Campaigns(ClientId client) => KlaviyoData(client).Collection("campaigns");

    public static CollectionPath Flows(ClientId client) => KlaviyoData(client).Collection("flows");

    public static CollectionPath Orders(ClientId client) => KlaviyoData(client).Collection("orders");

    /// <summary>One document per backfilled day with its totals, so summaries read days rather than orders.</summary>
    public static CollectionPath DailyRollups(ClientId client) => KlaviyoData(client).Collection("daily_rollups");

    public static DocumentPath DailyRollup(ClientId client, DateOnly date) => DailyRollups(client).Document(FormatDate(date));

    /// <summary>Refunds and cancellations whose order is not in the copy (placed before it starts), kept by their Klaviyo event id.</summary>
    public static CollectionPath UnmatchedRefunds(ClientId client) => KlaviyoData(client).Collection("unmatched_refunds");

    public static DocumentPath UnmatchedRefund(ClientId client, string eventId) => UnmatchedRefunds(client).Document(KlaviyoId(eventId));

    public static DocumentPath Campaign(ClientId client, string campaignId) => Campaigns(client).Document(KlaviyoId(campaignId));

    public static DocumentPath Flow(ClientId client, string flowId) => Flows(client).Document(KlaviyoId(flowId));

    public static DocumentPath Order(ClientId client, string eventId) => Orders(client).Document(KlaviyoId(eventId));

    public static CollectionPath DailyCampaigns(ClientId client, DateOnly date) => Daily(client, "campaigns", date);

    public static CollectionPath DailyFlows(ClientId client, DateOnly date) => Daily(client, "flows", date);

    public static CollectionPath DailyOrders(ClientId client, DateOnly date) => Daily(client, "orders", date);

    public static DocumentPath DailyCampaign(ClientId client, DateOnly date, string campaignId) =>
        DailyCampaigns(client, date).Document(KlaviyoId(campaignId));

    public static DocumentPath DailyFlow(ClientId client, DateOnly date, string flowId) =>
        DailyFlows(client, date).Document(KlaviyoId(flowId));

    public static DocumentPath DailyOrder(ClientId client, DateOnly date, string eventId) =>
        DailyOrders(client, date).Document(KlaviyoId(eventId));

    public static string FormatDate(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// A Klaviyo id as a document id. Klaviyo ids are short alphanumerics; one that could break a path
    /// ('/', '.', '..', the reserved __x__ form, control characters, over 1,500 bytes) is refused, never altered,
    /// so two different ids can never land on one document.
    /// </summary>
    public static string KlaviyoId(string id)
    {
        if (!PathSegments.IsValid(id))
        {
            throw new InvalidPathException(id ?? "", "a Klaviyo id cannot be used as a document id");
        }

        return id;
    }

    private static CollectionPath Daily(ClientId client, string kind, DateOnly date) =>
        KlaviyoData(client).Collection("daily").Document(kind).Collection(FormatDate(date));
}
