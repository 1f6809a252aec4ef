using System.Text.Json;

namespace Backfill.KlaviyoSandbox;

/// <summary>Accumulates one report row (or one series bucket) and derives every statistic from the sums.</summary>
internal sealed class SandboxReportTotals
{
    private readonly HashSet<int> _converters = [];

    public long Recipients { get; private set; }

    public long Delivered { get; private set; }

    public long Bounced { get; private set; }

    public long Failed { get; private set; }

    public long OpensUnique { get; private set; }

    public long Opens { get; private set; }

    public long ClicksUnique { get; private set; }

    public long Clicks { get; private set; }

    public long Unsubscribes { get; private set; }

    public long SpamComplaints { get; private set; }

    public long Segments { get; private set; }

    public long Conversions { get; private set; }

    public decimal ConversionValue { get; private set; }

    public void Add(in SandboxEngagement e)
    {
        Recipients += e.Recipients;
        Delivered += e.Delivered;
        Bounced += e.Bounced;
        Failed += e.Failed;
        OpensUnique += e.OpensUnique;
        Opens += e.Opens;
        ClicksUnique += e.ClicksUnique;
        Clicks += e.Clicks;
        Unsubscribes += e.Unsubscribes;
        SpamComplaints += e.SpamComplaints;
        Segments += e.Segments;
    }

    public void AddConversion(SandboxOrder order)
    {
        Conversions++;
        ConversionValue += order.Value;
        _converters.Add(order.Customer);
    }

    public void Write(Utf8JsonWriter w, string statistic)
    {
        switch (statistic)
        {
            case "average_order_value": w.WriteNumberValue(Round(Ratio(ConversionValue, Conversions))); break;
            case "bounce_rate": w.WriteNumberValue(Rate(Bounced, Recipients)); break;
            case "bounced": w.WriteNumberValue(Bounced); break;
            case "bounced_or_failed": w.WriteNumberValue(Bounced + Failed); break;
            case "bounced_or_failed_rate": w.WriteNumberValue(Rate(Bounced + Failed, Recipients)); break;
            case "click_rate": w.WriteNumberValue(Rate(ClicksUnique, Delivered)); break;
            case "click_to_open_rate": w.WriteNumberValue(Rate(ClicksUnique, OpensUnique)); break;
            case "clicks": w.WriteNumberValue(Clicks); break;
            case "clicks_unique": w.WriteNumberValue(ClicksUnique); break;
            case "conversion_rate": w.WriteNumberValue(Rate(_converters.Count, Delivered)); break;
            case "conversion_uniques": w.WriteNumberValue(_converters.Count); break;
            case "conversion_value": w.WriteNumberValue(ConversionValue); break;
            case "conversions": w.WriteNumberValue(Conversions); break;
            case "delivered": w.WriteNumberValue(Delivered); break;
            case "delivery_rate": w.WriteNumberValue(Rate(Delivered, Recipients)); break;
            case "failed": w.WriteNumberValue(Failed); break;
            case "failed_rate": w.WriteNumberValue(Rate(Failed, Recipients)); break;
            case "message_segment_count_sum": w.WriteNumberValue(Segments); break;
            case "open_rate": w.WriteNumberValue(Rate(OpensUnique, Delivered)); break;
            case "opens": w.WriteNumberValue(Opens); break;
            case "opens_unique": w.WriteNumberValue(OpensUnique); break;
            case "recipients": w.WriteNumberValue(Recipients); break;
            case "revenue_per_recipient": w.WriteNumberValue(Round(Ratio(ConversionValue, Recipients))); break;
            case "spam_complaint_rate": w.WriteNumberValue(Rate(SpamComplaints, Delivered)); break;
            case "spam_complaints": w.WriteNumberValue(SpamComplaints); break;
            case "text_message_credit_usage_amount": w.WriteNumberValue(Segments); break;
            case "text_message_roi": w.WriteNumberValue(Round(Ratio(ConversionValue, Spend))); break;
            case "text_message_spend": w.WriteNumberValue(Spend); break;
            case "unsubscribe_rate": w.WriteNumberValue(Rate(Unsubscribes, Delivered)); break;
            default: w.WriteNumberValue(Unsubscribes); break;
        }
    }

    private decimal Spend => Math.Round(Segments * 0.0107m, 2);

    private static double Rate(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    private static decimal Ratio(decimal numerator, decimal denominator) => denominator == 0 ? 0 : numerator / denominator;

    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
