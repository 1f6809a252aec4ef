using System.Globalization;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>Builds the relative URLs the client calls, with the filter syntax Klaviyo expects.</summary>
internal static class KlaviyoQueries
{
    public static readonly string[] CampaignChannels = ["email", "sms", "mobile_push"];

    private const string ProfileFields = "email,first_name,last_name,external_id,phone_number,location";

    public static string Accounts() => "api/accounts";

    public static string Metrics() => "api/metrics";

    public static string Campaigns(string channel, bool archived) =>
        Build("api/campaigns",
            ("filter", $"and(equals(messages.channel,'{channel}'),equals(archived,{Bool(archived)}))"),
            ("include", "campaign-messages"),
            ("page[size]", "100"));

    /// <summary>The channel's campaigns that are not archived and were updated after <paramref name="since"/>.</summary>
    public static string CampaignsUpdatedSince(string channel, DateTimeOffset since) =>
        Build("api/campaigns",
            ("filter", $"and(equals(messages.channel,'{channel}'),equals(archived,false),greater-than(updated_at,{Utc(since)}))"),
            ("include", "campaign-messages"),
            ("page[size]", "100"));

    public static string Flows(bool archived) =>
        Build("api/flows", ("filter", $"equals(archived,{Bool(archived)})"), ("page[size]", "50"));

    /// <summary>Flows that are not archived and were updated after <paramref name="since"/>.</summary>
    public static string FlowsUpdatedSince(DateTimeOffset since) =>
        Build("api/flows", ("filter", $"and(equals(archived,false),greater-than(updated,{Utc(since)}))"), ("page[size]", "50"));

    /// <summary>Datetimes go unquoted in Klaviyo filters; strings in double quotes.</summary>
    /// <param name="pageSize">Events per page: Klaviyo's largest (1,000) unless a smaller page is wanted.</param>
    public static string Events(string metricId, DateTimeOffset fromUtc, DateTimeOffset toUtc, int pageSize = MaxEventPageSize) =>
        Build("api/events",
            ("filter", $"and(equals(metric_id,\"{metricId}\"),greater-or-equal(datetime,{Utc(fromUtc)}),less-than(datetime,{Utc(toUtc)}))"),
            ("sort", "datetime"),
            ("include", "profile,attributions"),
            ("fields[profile]", ProfileFields),
            ("page[size]", pageSize.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The largest page of events Klaviyo serves (<c>page[size]</c>, revision 2026-01-15 on).</summary>
    public const int MaxEventPageSize = 1000;

    public static string Utc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reporting timeframes: Klaviyo ignores the offset and reads the wall clock in the account timezone.</summary>
    public static string WallClock(DateTime local) =>
        local.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    /// <summary>Metric-aggregate filters carry no offset; the request's <c>timezone</c> gives them meaning.</summary>
    public static string LocalNoOffset(DateTime local) =>
        local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Build(string path, params (string Name, string Value)[] parameters) =>
        path + "?" + string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value)));
}
