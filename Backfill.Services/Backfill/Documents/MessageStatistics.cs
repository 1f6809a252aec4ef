namespace Backfill.Services.Backfill.Documents;

/// <summary>
/// Delivery, engagement and conversion counts of a campaign or flow (or one of their days). Counts add up across
/// report rows and windows; rates are derived, never summed.
/// </summary>
public sealed record MessageStatistics(
    long Recipients = 0,
    long Delivered = 0,
    long Opens = 0,
    long OpensUnique = 0,
    long Clicks = 0,
    long ClicksUnique = 0,
    long Conversions = 0,
    long ConversionUniques = 0,
    decimal ConversionValue = 0,
    long Unsubscribes = 0,
    long Bounced = 0,
    long SpamComplaints = 0)
{
    public static MessageStatistics Zero { get; } = new();

    /// <summary>The statistics we ask the reporting API for (it derives the rates itself, but we recompute them after summing).</summary>
    public static IReadOnlyList<string> ReportStatistics { get; } =
    [
        "recipients", "delivered", "opens", "opens_unique", "clicks", "clicks_unique", "conversions", "conversion_uniques",
        "conversion_value", "unsubscribes", "bounced", "spam_complaints",
    ];

    public bool HasActivity => this != Zero;

    public double OpenRate => Rate(OpensUnique, Delivered);

    public double ClickRate => Rate(ClicksUnique, Delivered);

    public double ConversionRate => Rate(ConversionUniques, Delivered);

    public decimal RevenuePerRecipient => Recipients == 0 ? 0 : Math.Round(ConversionValue / Recipients, 4);

    public MessageStatistics Add(MessageStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(
            Recipients + other.Recipients, Delivered + other.Delivered, Opens + other.Opens, OpensUnique + other.OpensUnique,
            Clicks + other.Clicks, ClicksUnique + other.ClicksUnique, Conversions + other.Conversions,
            ConversionUniques + other.ConversionUniques, ConversionValue + other.ConversionValue,
            Unsubscribes + other.Unsubscribes, Bounced + other.Bounced, SpamComplaints + other.SpamComplaints);
    }

    /// <summary>Reads one values-report row; absent statistics count as zero.</summary>
    public static MessageStatistics FromReport(IReadOnlyDictionary<string, decimal?> row) => FromLookup(name => row.TryGetValue(name, out var v) ? v : null);

    /// <summary>Reads index <paramref name="index"/> of one series-report row.</summary>
    public static MessageStatistics FromSeries(IReadOnlyDictionary<string, IReadOnlyList<decimal?>> row, int index) =>
        FromLookup(name => row.TryGetValue(name, out var values) && index < values.Count ? values[index] : null);

    public IReadOnlyDictionary<string, object?> ToFields() => new Dictionary<string, object?>
    {
        ["recipients"] = Recipients,
        ["delivered"] = Delivered,
        ["opens"] = Opens,
        ["opens_unique"] = OpensUnique,
        ["clicks"] = Clicks,
        ["clicks_unique"] = ClicksUnique,
        ["conversions"] = Conversions,
        ["conversion_uniques"] = ConversionUniques,
        ["conversion_value"] = ConversionValue,
        ["unsubscribes"] = Unsubscribes,
        ["bounced"] = Bounced,
        ["spam_complaints"] = SpamComplaints,
        ["open_rate"] = OpenRate,
        ["click_rate"] = ClickRate,
        ["conversion_rate"] = ConversionRate,
        ["revenue_per_recipient"] = RevenuePerRecipient,
    };

    public static MessageStatistics FromFields(IReadOnlyDictionary<string, object?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new(
            fields.Long("recipients"), fields.Long("delivered"), fields.Long("opens"), fields.Long("opens_unique"),
            fields.Long("clicks"), fields.Long("clicks_unique"), fields.Long("conversions"), fields.Long("conversion_uniques"),
            fields.Money("conversion_value") ?? 0, fields.Long("unsubscribes"), fields.Long("bounced"), fields.Long("spam_complaints"));
    }

    private static MessageStatistics FromLookup(Func<string, decimal?> get)
    {
        long Count(string name) => get(name) is { } v ? (long)Math.Round(v) : 0;
        return new(
            Count("recipients"), Count("delivered"), Count("opens"), Count("opens_unique"), Count("clicks"), Count("clicks_unique"),
            Count("conversions"), Count("conversion_uniques"), get("conversion_value") ?? 0, Count("unsubscribes"), Count("bounced"),
            Count("spam_complaints"));
    }

    private static double Rate(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);
}
