using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Refunds;

/// <summary>
/// What has been given back on one order: its refunds (each once, by Klaviyo event id) and whether it was cancelled.
/// Stored on the order as <c>refunds[]</c>, <c>refunded_value</c>, <c>cancelled</c>, <c>cancelled_at</c> and <c>net_value</c>.
/// </summary>
internal sealed record OrderRefunds(IReadOnlyList<OrderReversal> Refunds, OrderReversal? Cancellation)
{
    public static OrderRefunds None { get; } = new([], null);

    /// <summary>The order fields this owns: what a merge onto a stored order writes, and nothing else.</summary>
    public static IReadOnlyList<FieldPath> FieldMask { get; } =
        [FieldPath.Of("refunds"), FieldPath.Of("refunded_value"), FieldPath.Of("cancelled"), FieldPath.Of("cancelled_at"), FieldPath.Of("net_value")];

    public decimal RefundedValue => Refunds.Sum(r => r.Amount);

    public OrderRefunds Add(OrderReversal reversal) => reversal.Cancellation
        ? this with { Cancellation = Cancellation is null || reversal.At < Cancellation.At ? reversal : Cancellation }
        : Refunds.Any(r => r.KlaviyoEventId == reversal.KlaviyoEventId)
            ? this
            // By day, then id: what a stored order keeps of a refund, so a refund read again sorts where it did.
            : this with { Refunds = [.. Refunds.Append(reversal).OrderBy(r => r.Date).ThenBy(r => r.KlaviyoEventId, StringComparer.Ordinal)] };

    /// <summary>Both sets together: a refund read again (same Klaviyo event id) counts once.</summary>
    public OrderRefunds Merge(OrderRefunds other)
    {
        var merged = this;
        foreach (var refund in other.Refunds)
        {
            merged = merged.Add(refund);
        }

        return other.Cancellation is { } cancellation ? merged.Add(cancellation) : merged;
    }

    /// <summary>
    /// Whether the fields <see cref="ToFields"/> writes would be the same for <paramref name="other"/>: the same refunds
    /// (id, day, amount, in order) and the same cancellation time. A refresh re-reads weeks of refunds that earlier runs
    /// already stored; an order they do not change is neither rewritten nor its day's rollup refigured.
    /// </summary>
    public bool SameFieldsAs(OrderRefunds other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Refunds.Count == other.Refunds.Count
            && Refunds.Zip(other.Refunds).All(p => p.First.KlaviyoEventId == p.Second.KlaviyoEventId && p.First.Date == p.Second.Date && p.First.Amount == p.Second.Amount)
            && Cancellation?.At == other.Cancellation?.At;
    }

    /// <summary>An order's fields with these refund fields added (an order without refunds says so too).</summary>
    public Dictionary<string, object?> AddTo(IReadOnlyDictionary<string, object?> orderFields, decimal orderValue)
    {
        var fields = new Dictionary<string, object?>(orderFields);
        foreach (var (name, value) in ToFields(orderValue))
        {
            fields[name] = value;
        }

        return fields;
    }

    public Dictionary<string, object?> ToFields(decimal orderValue) => new()
    {
        ["refunds"] = Refunds.Select(r => (object?)new Dictionary<string, object?>
        {
            ["date"] = DataLayout.FormatDate(r.Date),
            ["amount"] = r.Amount,
            ["klaviyo_event_id"] = r.KlaviyoEventId,
        }).ToList(),
        ["refunded_value"] = RefundedValue,
        ["cancelled"] = Cancellation is not null,
        ["cancelled_at"] = Cancellation?.At,
        ["net_value"] = orderValue - RefundedValue,
    };

    /// <summary>The refunds a stored order holds (its <c>$event_id</c> in <paramref name="orderEventId"/>).</summary>
    public static OrderRefunds FromFields(IReadOnlyDictionary<string, object?> fields, string orderEventId)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var refunds = fields.Maps("refunds")
            .Select(r => new OrderReversal(
                r.String("klaviyo_event_id") ?? "", orderEventId, Cancellation: false, DateTimeOffset.MinValue,
                r.Date("date") ?? DateOnly.MinValue, r.Money("amount") ?? 0m, fields.String("currency")))
            .Where(r => r.KlaviyoEventId.Length > 0)
            .ToList();
        var cancellation = fields.Bool("cancelled") && fields.Time("cancelled_at") is { } at
            ? new OrderReversal("", orderEventId, Cancellation: true, at, DateOnly.MinValue, fields.Money("value") ?? 0m, fields.String("currency"))
            : null;
        return new OrderRefunds(refunds, cancellation);
    }
}
