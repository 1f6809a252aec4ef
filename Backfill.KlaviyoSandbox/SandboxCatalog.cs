using System.Globalization;

namespace Backfill.KlaviyoSandbox;

/// <summary>
/// The small, fully materialised part of an account: metrics, campaigns, flows, tags. Events are never stored;
/// <see cref="SandboxOrderDay"/> regenerates them per day from the seed.
/// </summary>
internal sealed class SandboxCatalog
{
    private static readonly string[] TagNames = ["Newsletter", "Promotion", "Holiday", "Product Launch", "Automated"];

    private readonly long[] _sentTimestamps;
    private readonly SandboxCampaign[] _sentCampaigns;

    public SandboxCatalog(SandboxAccountDefinition account, ulong seed, DateOnly historyEnd, int historyDays)
    {
        Account = account;
        AccountSeed = SandboxRandom.Hash(seed, SandboxRandom.HashString(account.Slug));
        HistoryEnd = historyEnd;
        HistoryStart = historyEnd.AddDays(-(historyDays - 1));
        Tags = [.. TagNames.Select((name, i) => new SandboxTag(SandboxIds.Uuid4(SandboxRandom.Hash(AccountSeed, 0x7A6, (ulong)i)), name))];
        Metrics = BuildMetrics();
        Campaigns = SandboxCampaignFactory.Build(this);
        Flows = SandboxFlowFactory.Build(this);
        FlowMessages = [.. Flows.SelectMany(f => f.Messages)];
        _sentCampaigns = [.. Campaigns.Where(c => c.WasSent).OrderBy(c => c.SendTime).ThenBy(c => c.Id, StringComparer.Ordinal)];
        _sentTimestamps = [.. _sentCampaigns.Select(c => c.SendTime!.Value.ToUnixTimeSeconds())];
    }

    public SandboxAccountDefinition Account { get; }

    public ulong AccountSeed { get; }

    public DateOnly HistoryStart { get; }

    public DateOnly HistoryEnd { get; }

    public IReadOnlyList<SandboxTag> Tags { get; }

    public IReadOnlyList<SandboxMetric> Metrics { get; }

    public IReadOnlyList<SandboxCampaign> Campaigns { get; }

    public IReadOnlyList<SandboxFlow> Flows { get; }

    public IReadOnlyList<SandboxFlowMessage> FlowMessages { get; }

    public SandboxMetric PlacedOrder => Metrics[0];

    public SandboxMetric? FindMetric(string id) => Metrics.FirstOrDefault(m => m.Id == id);

    /// <summary>The account's metric of <paramref name="kind"/>; only asked for kinds the account has.</summary>
    public SandboxMetric MetricOf(SandboxMetricKind kind) => Metrics.First(m => m.Kind == kind);

    public int HistoryIndex(DateOnly day) => day.DayNumber - HistoryStart.DayNumber;

    public int HistoryDays => HistoryEnd.DayNumber - HistoryStart.DayNumber + 1;

    /// <summary>UTC instant at which an account-local day starts.</summary>
    public DateTimeOffset LocalDayStart(DateOnly day) => LocalToUtc(day.ToDateTime(TimeOnly.MinValue));

    public DateTimeOffset LocalToUtc(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var tz = Account.TimeZone;
        if (tz.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }
        return new DateTimeOffset(unspecified, tz.GetUtcOffset(unspecified)).ToUniversalTime();
    }

    public DateOnly LocalDay(long unixSeconds) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds), Account.TimeZone).DateTime);

    /// <summary>The most recent campaign sent at or before <paramref name="unixSeconds"/>, if any.</summary>
    public SandboxCampaign? LatestSendBefore(long unixSeconds)
    {
        var index = Array.BinarySearch(_sentTimestamps, unixSeconds);
        if (index < 0)
        {
            index = ~index - 1;
        }
        return index >= 0 ? _sentCampaigns[index] : null;
    }

    public bool HasEmailSendOn(DateOnly day)
    {
        var start = LocalDayStart(day).ToUnixTimeSeconds();
        var end = LocalDayStart(day.AddDays(1)).ToUnixTimeSeconds();
        var index = Array.BinarySearch(_sentTimestamps, start);
        if (index < 0)
        {
            index = ~index;
        }
        for (; index < _sentTimestamps.Length && _sentTimestamps[index] < end; index++)
        {
            if (_sentCampaigns[index].Channel == "email")
            {
                return true;
            }
        }
        return false;
    }

    private List<SandboxMetric> BuildMetrics()
    {
        var shopify = new SandboxIntegration("0eMvjm", "shopify", "Shopify", "eCommerce");
        var api = new SandboxIntegration("7FtS4J", "api", "API", "API");
        var klaviyo = new SandboxIntegration("0rG4eQ", "klaviyo", "Klaviyo", "Internal");
        var woo = new SandboxIntegration("1Wc3mR", "woocommerce", "WooCommerce", "eCommerce");
        var created = LocalDayStart(HistoryStart.AddDays(-400));
        var metrics = new List<SandboxMetric>();
        void Add(string name, SandboxIntegration integration, SandboxMetricKind kind)
        {
            var n = (ulong)metrics.Count;
            metrics.Add(new SandboxMetric(
                SandboxIds.Short(SandboxRandom.Hash(AccountSeed, 0x3E7, n), 6), name, integration,
                created.AddMinutes(37 * (double)n), kind));
        }

        var orders = Account.Shape == SandboxOrderShape.Shopify ? shopify : api;
        Add("Placed Order", orders, SandboxMetricKind.PlacedOrder);
        Add("Received Email", klaviyo, SandboxMetricKind.ReceivedEmail);
        Add("Opened Email", klaviyo, SandboxMetricKind.OpenedEmail);
        Add("Clicked Email", klaviyo, SandboxMetricKind.ClickedEmail);
        Add("Received SMS", klaviyo, SandboxMetricKind.ReceivedSms);
        Add("Clicked SMS", klaviyo, SandboxMetricKind.ClickedSms);
        if (Account.Shape == SandboxOrderShape.Shopify)
        {
            Add("Checkout Started", shopify, SandboxMetricKind.NoEvents);
            Add("Ordered Product", shopify, SandboxMetricKind.NoEvents);
        }
        if (Account.HasSecondaryPlacedOrder)
        {
            Add("Placed Order", woo, SandboxMetricKind.SecondaryPlacedOrder);
        }
        // Added last so every older metric keeps its id (ids follow the position).
        if (Account.Shape == SandboxOrderShape.Shopify)
        {
            Add("Refunded Order", shopify, SandboxMetricKind.RefundedOrder);
            Add("Cancelled Order", shopify, SandboxMetricKind.CancelledOrder);
        }
        return metrics;
    }

    public static string Iso(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    /// <summary>Klaviyo's microsecond style for metric and flow timestamps.</summary>
    public static string IsoMicro(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);
}
