using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Data;

/// <summary>How the viewer's orders grid sorts one day's orders.</summary>
public enum DayOrderSort
{
    TimeAscending,
    TimeDescending,
    ValueDescending,
    ValueAscending,
}

/// <summary>One page of one day's orders as the viewer's grid asks for it.</summary>
public sealed record DayOrderPage(DateOnly Day, long TotalOrders, decimal TotalValue, IReadOnlyList<StoredOrder> Orders);

/// <summary>
/// The viewer's orders grid: one day's orders sorted by time or value a page at a time (the store sorts and limits;
/// a day holds a few hundred orders, so page n reads n pages), or the orders of that day matching an order id, an
/// order number (with or without its <c>#</c>), an e-mail address or a Klaviyo event id exactly.
/// </summary>
public sealed class DayOrderQueries(IDocumentStore store)
{
    public async Task<DayOrderPage> GetPageAsync(
        ClientId clientId, DateOnly day, DayOrderSort sort, string? search, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(page);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, BackfillDataQueries.MaxPageSize);
        var collection = DataLayout.DailyOrders(clientId, day);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var found = await SearchAsync(collection, search.Trim(), cancellationToken);
            var sorted = Sort(found, sort).ToList();
            return new DayOrderPage(day, sorted.Count, sorted.Sum(o => o.Order.Value), [.. sorted.Skip(page * pageSize).Take(pageSize)]);
        }

        var total = store.AggregateAsync(Query.Collection(collection), [Aggregation.Count(), Aggregation.Sum(FieldPath.Of("value"))], cancellationToken);
        var (field, direction) = sort switch
        {
            DayOrderSort.TimeDescending => ("placed_at", Direction.Descending),
            DayOrderSort.ValueDescending => ("value", Direction.Descending),
            DayOrderSort.ValueAscending => ("value", Direction.Ascending),
            _ => ("placed_at", Direction.Ascending),
        };
        var query = Query.Collection(collection).OrderByField(FieldPath.Of(field), direction).WithLimit((page + 1) * pageSize);
        var orders = new List<StoredOrder>(pageSize);
        var index = 0;
        await foreach (var document in store.QueryAsync(query, cancellationToken))
        {
            if (index++ >= page * pageSize)
            {
                orders.Add(OrderDocument.FromDocument(document));
            }
        }

        var totals = await total;
        return new DayOrderPage(day, totals.Count(), Math.Round((decimal)totals.Sum(), 2, MidpointRounding.AwayFromZero), orders);
    }

    private async Task<IReadOnlyList<StoredOrder>> SearchAsync(CollectionPath collection, string search, CancellationToken cancellationToken)
    {
        var byId = new Dictionary<string, StoredOrder>(StringComparer.Ordinal);
        var number = search.TrimStart('#');
        var filters = new List<(string Field, string Value)>
        {
            ("order_id", search), ("order_number", number), ("order_number", "#" + number), ("event_id", search), ("customer.email", search),
        };
        if (!string.Equals(search, search.ToLowerInvariant(), StringComparison.Ordinal))
        {
            filters.Add(("customer.email", search.ToLowerInvariant()));
        }

        foreach (var (field, value) in filters.Distinct())
        {
            await foreach (var document in store.QueryAsync(Query.Collection(collection).Where(FieldPath.Parse(field), FilterOperator.Equal, value), cancellationToken))
            {
                byId.TryAdd(document.Id, OrderDocument.FromDocument(document));
            }
        }

        if (PathSegments.IsValid(search) && await store.GetAsync(collection.Document(search), cancellationToken) is { } direct)
        {
            byId.TryAdd(direct.Id, OrderDocument.FromDocument(direct));
        }

        return [.. byId.Values];
    }

    private static IEnumerable<StoredOrder> Sort(IEnumerable<StoredOrder> orders, DayOrderSort sort) => sort switch
    {
        DayOrderSort.TimeDescending => orders.OrderByDescending(o => o.Order.PlacedAtUtc),
        DayOrderSort.ValueDescending => orders.OrderByDescending(o => o.Order.Value),
        DayOrderSort.ValueAscending => orders.OrderBy(o => o.Order.Value),
        _ => orders.OrderBy(o => o.Order.PlacedAtUtc),
    };
}
