using Backfill.Services.Backfill.Documents;
using Backfill.Services.Backfill.Engine;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Refunds;

/// <summary>
/// Applies the refunds no day of a run held (their orders lie outside its days): merged onto the stored order's two
/// documents and its day's rollup refigured, so a refund arriving weeks later still lands on its order and its order's
/// day. A refund whose order is not stored at all is kept at <c>unmatched_refunds/{event_id}</c> and counted.
/// An order whose stored refunds already hold what was read (a refresh re-reads weeks of refunds that earlier runs
/// stored) is left as it is, and so is its day's rollup: a run writes only what it changes.
/// </summary>
internal static class RefundsOfStoredOrders
{
    /// <summary>Firestore's limit on the values of an IN filter.</summary>
    private const int InLimit = 30;

    /// <summary>What merging refunds onto a stored order reads of it; the rest (line items, raw JSON) is left unread.</summary>
    private static readonly FieldPath[] OrderFields =
        [.. new[] { "event_id", "date", "value", "currency", "refunds", "cancelled", "cancelled_at" }.Select(name => FieldPath.Of(name))];

    /// <summary>The refund fields and the order's content hash: what a merge of refunds onto a stored order changes.</summary>
    private static readonly IReadOnlyList<FieldPath> MergeMask = [.. OrderRefunds.FieldMask, FieldPath.Of(OrderDocument.ContentHashField)];

    /// <param name="parkUnmatched">
    /// Whether refunds whose order is not found are kept at <c>unmatched_refunds</c> (the run's last pass); false for a
    /// pass over orders dated before the run's days, made while the days are written, which leaves those for the last pass.
    /// </param>
    /// <returns>How many refund and cancellation events were kept as unmatched, and the orders whose refunds were applied.</returns>
    public static async Task<AppliedRefunds> WriteAsync(
        IDocumentStore store,
        ClientId client,
        IReadOnlyList<KeyValuePair<string, OrderRefunds>> remaining,
        Func<string, DateOnly?> orderDate,
        DateTimeOffset now,
        CancellationToken cancellationToken,
        bool parkUnmatched = true)
    {
        if (remaining.Count == 0)
        {
            return AppliedRefunds.None;
        }

        var stored = await FindOrdersAsync(store, client, [.. remaining.Select(p => p.Key)], orderDate, cancellationToken);
        var parked = await ParkedAsync(store, client, cancellationToken);

        // The stored orders whose refunds change, and those orders read whole in one batch (only these few), so each
        // one's content hash can be refigured over the content the merge leaves.
        var merges = new Dictionary<string, OrderRefunds>(StringComparer.Ordinal);
        foreach (var (orderEventId, refunds) in remaining)
        {
            if (stored.TryGetValue(orderEventId, out var order))
            {
                var before = OrderRefunds.FromFields(order.Fields, orderEventId);
                var merged = before.Merge(refunds);
                if (!merged.SameFieldsAs(before))
                {
                    merges[orderEventId] = merged;
                }
            }
        }

        var wholes = (await store.GetAllAsync([.. merges.Keys.Select(id => DataLayout.Order(client, stored[id].Id))], cancellationToken))
            .OfType<Document>()
            .ToDictionary(d => d.Id, StringComparer.Ordinal);
        var changedByDay = new Dictionary<DateOnly, Dictionary<string, OrderRefunds>>();
        long unmatched = 0;
        await using (var writer = store.CreateBulkWriter())
        {
            foreach (var (orderEventId, refunds) in remaining)
            {
                var events = refunds.Refunds.Append(refunds.Cancellation).OfType<OrderReversal>().Where(r => r.KlaviyoEventId.Length > 0);
                if (!stored.TryGetValue(orderEventId, out var order))
                {
                    if (!parkUnmatched)
                    {
                        continue;
                    }

                    foreach (var reversal in events)
                    {
                        await writer.AddAsync(Write.Set(DataLayout.UnmatchedRefund(client, reversal.KlaviyoEventId), UnmatchedFields(reversal, now)), cancellationToken);
                        unmatched++;
                    }

                    continue;
                }

                if (!merges.TryGetValue(orderEventId, out var merged))
                {
                    // Stored by an earlier run; only a refund it parked before the order arrived is left to remove.
                    foreach (var reversal in events.Where(r => parked.Contains(DataLayout.KlaviyoId(r.KlaviyoEventId))))
                    {
                        await writer.AddAsync(Write.Delete(DataLayout.UnmatchedRefund(client, reversal.KlaviyoEventId)), cancellationToken);
                    }

                    continue;
                }

                var fields = WithContentHash(wholes.GetValueOrDefault(order.Id), merged.ToFields(order.Fields.Money("value") ?? 0m));
                await writer.AddAsync(Write.Merge(DataLayout.Order(client, order.Id), fields, MergeMask), cancellationToken);
                if (order.Fields.Date("date") is { } date)
                {
                    await writer.AddAsync(Write.Merge(DataLayout.DailyOrder(client, date, order.Id), fields, MergeMask), cancellationToken);
                    (changedByDay.TryGetValue(date, out var changed) ? changed : changedByDay[date] = new(StringComparer.Ordinal))[order.Id] = merged;
                }

                // An earlier run, which had not stored the order yet, may have parked these.
                foreach (var reversal in events)
                {
                    await writer.AddAsync(Write.Delete(DataLayout.UnmatchedRefund(client, reversal.KlaviyoEventId)), cancellationToken);
                }
            }

            foreach (var (day, changed) in changedByDay.OrderBy(p => p.Key))
            {
                if (await RefiguredRollupAsync(store, client, day, changed, cancellationToken) is { } rollup)
                {
                    await writer.AddAsync(Write.Merge(DataLayout.DailyRollup(client, day), rollup.ToFields(now), DailyRollup.RefundFields), cancellationToken);
                }
            }

            var summary = await writer.CloseAsync(cancellationToken);
            if (!summary.AllSucceeded)
            {
                throw new BackfillException(
                    $"{summary.Failures.Count} refund writes failed; first: {summary.Failures[0].Path}: {summary.Failures[0].Error?.Message ?? "unknown error"}");
            }
        }

        return new AppliedRefunds(unmatched, stored.Keys.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// The refund fields with the order's content hash refigured over the stored order as the merge leaves it, so the
    /// hash keeps describing the stored content (a refresh leaves an order alone only when both agree). Read whole, but
    /// only for the few orders whose refunds changed; an order gone meanwhile gets no hash, so the next read rewrites it.
    /// </summary>
    private static Dictionary<string, object?> WithContentHash(Document? whole, Dictionary<string, object?> refundFields)
    {
        var merged = new Dictionary<string, object?>(refundFields, StringComparer.Ordinal);
        if (whole is not null)
        {
            var content = new Dictionary<string, object?>(whole.Fields, StringComparer.Ordinal);
            foreach (var field in OrderRefunds.FieldMask.Select(f => f.Segments[0]))
            {
                content.Remove(field);
            }

            foreach (var (key, value) in StoreValues.NormalizeFields(refundFields))
            {
                content[key] = value;
            }

            merged[OrderDocument.ContentHashField] = ContentHash.Of(content, OrderDocument.NotHashed);
        }

        return merged;
    }

    /// <summary>The document ids under <c>unmatched_refunds</c>: refunds parked because their order was not stored yet.</summary>
    private static async Task<HashSet<string>> ParkedAsync(IDocumentStore store, ClientId client, CancellationToken cancellationToken)
    {
        var parked = new HashSet<string>(StringComparer.Ordinal);
        var query = Query.Collection(DataLayout.UnmatchedRefunds(client)).SelectFields(FieldPath.Of("klaviyo_event_id"));
        await foreach (var document in store.QueryAsync(query, cancellationToken))
        {
            parked.Add(document.Id);
        }

        return parked;
    }

    /// <summary>
    /// Stored orders by <c>$event_id</c> (the field <c>event_id</c>), found with IN queries of at most 30 ids. An order
    /// whose day a refund told is looked for in that day's collection, then the day on either side (Shopify's
    /// <c>created_at</c> and Klaviyo's event time can straddle midnight): a query over all stored orders scans every one
    /// of them on the embedded store, once per 30 ids, which made a refresh of a year's copy take minutes. Only orders
    /// no refund dated are looked for among all.
    /// </summary>
    private static async Task<Dictionary<string, Document>> FindOrdersAsync(
        IDocumentStore store, ClientId client, IReadOnlyList<string> orderEventIds, Func<string, DateOnly?> orderDate, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Document>(StringComparer.Ordinal);
        var dated = orderEventIds.Select(id => (Id: id, Date: orderDate(id))).Where(o => o.Date is not null).ToList();
        foreach (var offset in (int[])[0, -1, 1])
        {
            foreach (var day in dated.Where(o => !found.ContainsKey(o.Id)).GroupBy(o => o.Date!.Value.AddDays(offset), o => o.Id))
            {
                await FindInAsync(store, DataLayout.DailyOrders(client, day.Key), day, found, cancellationToken);
            }
        }

        await FindInAsync(store, DataLayout.Orders(client), orderEventIds.Where(id => orderDate(id) is null), found, cancellationToken);
        return found;
    }

    private static async Task FindInAsync(
        IDocumentStore store, CollectionPath collection, IEnumerable<string> orderEventIds, Dictionary<string, Document> found, CancellationToken cancellationToken)
    {
        foreach (var chunk in orderEventIds.Chunk(InLimit))
        {
            var query = Query.Collection(collection).Where(FieldPath.Of("event_id"), FilterOperator.In, chunk).SelectFields(OrderFields);
            await foreach (var document in store.QueryAsync(query, cancellationToken))
            {
                if (document.Fields.String("event_id") is { } id)
                {
                    found.TryAdd(id, document);
                }
            }
        }
    }

    /// <summary>
    /// The day's rollup with its refunds summed again over all of the day's stored orders (the ones just merged with
    /// their new refunds), so refunds read by earlier runs still count; null when the day has no rollup.
    /// </summary>
    private static async Task<DailyRollup?> RefiguredRollupAsync(
        IDocumentStore store, ClientId client, DateOnly day, Dictionary<string, OrderRefunds> changed, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(DataLayout.DailyRollup(client, day), cancellationToken) is not { } document)
        {
            return null;
        }

        var refunded = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var orders = Query.Collection(DataLayout.DailyOrders(client, day)).SelectFields(FieldPath.Of("currency"), FieldPath.Of("refunded_value"));
        await foreach (var order in store.QueryAsync(orders, cancellationToken))
        {
            var amount = changed.TryGetValue(order.Id, out var refunds) ? refunds.RefundedValue : order.Fields.Money("refunded_value") ?? 0m;
            if (amount != 0)
            {
                var currency = order.Fields.String("currency") ?? "";
                refunded[currency] = refunded.GetValueOrDefault(currency) + amount;
            }
        }

        return DailyRollup.FromDocument(document) with { RefundedByCurrency = refunded };
    }

    private static Dictionary<string, object?> UnmatchedFields(OrderReversal reversal, DateTimeOffset now) => new()
    {
        ["klaviyo_event_id"] = reversal.KlaviyoEventId,
        ["order_event_id"] = reversal.OrderEventId,
        ["kind"] = reversal.Cancellation ? "cancellation" : "refund",
        ["date"] = DataLayout.FormatDate(reversal.Date),
        ["at"] = reversal.At,
        ["amount"] = reversal.Amount,
        ["currency"] = reversal.Currency,
        ["backfilled_at"] = now,
    };
}
