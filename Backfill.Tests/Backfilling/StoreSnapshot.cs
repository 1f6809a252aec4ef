using System.Globalization;
using System.Text;
using Backfill.Services.Storage;

namespace Backfill.Tests.Backfilling;

/// <summary>Every document a backfill wrote for a client, as canonical text per path (write times left out), for "nothing changed" checks.</summary>
internal static class StoreSnapshot
{
    private static readonly HashSet<string> Volatile = ["backfilled_at", "statistics_backfilled_at", "validated_at"];

    /// <summary>Equal snapshots, or a failure that names the first path that differs and shows both sides.</summary>
    public static void AssertEqual(SortedDictionary<string, string> expected, SortedDictionary<string, string> actual)
    {
        var missing = expected.Keys.Except(actual.Keys, StringComparer.Ordinal).FirstOrDefault();
        var extra = actual.Keys.Except(expected.Keys, StringComparer.Ordinal).FirstOrDefault();
        var changed = expected.Keys.Intersect(actual.Keys, StringComparer.Ordinal).FirstOrDefault(k => expected[k] != actual[k]);
        Assert.True(
            missing is null && extra is null && changed is null,
            $"missing: {missing}\nextra: {extra}\nchanged: {changed}\n  expected: {(changed is null ? "" : expected[changed])}\n  actual:   {(changed is null ? "" : actual[changed])}");
    }

    /// <summary>
    /// The client's top-level collections and the daily copy of every order (read by key, which is cheap everywhere);
    /// with <paramref name="queryEveryDay"/> also every day's campaign and flow collections (a query per day, which the
    /// emulator answers by scanning, so only cheap stores do it).
    /// </summary>
    /// <param name="withOrders">False leaves the orders out: campaigns, flows and rollups (the totals and the daily
    /// figures) are what a short run could damage, and they are cheap to read on any store.</param>
    public static async Task<SortedDictionary<string, string>> TakeAsync(
        IDocumentStore store, ClientId client, DateOnly first, DateOnly last, bool queryEveryDay, bool withOrders = true)
    {
        var ct = TestContext.Current.CancellationToken;
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var collections = new List<CollectionPath> { DataLayout.Campaigns(client), DataLayout.Flows(client), DataLayout.DailyRollups(client) };
        if (withOrders)
        {
            collections.Insert(0, DataLayout.Orders(client));
        }

        if (queryEveryDay && withOrders)
        {
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                collections.Add(DataLayout.DailyOrders(client, day));
                collections.Add(DataLayout.DailyCampaigns(client, day));
                collections.Add(DataLayout.DailyFlows(client, day));
            }
        }

        var dailyOrders = new List<DocumentPath>();
        foreach (var collection in collections)
        {
            await foreach (var document in store.QueryAsync(Query.Collection(collection), ct))
            {
                result.Add(document.Path.ToString(), Canonical(document.Fields));
                if (!queryEveryDay && collection == DataLayout.Orders(client))
                {
                    var date = DateOnly.ParseExact(document.Get<string>(FieldPath.Of("date"))!, DataLayout.DateFormat, CultureInfo.InvariantCulture);
                    dailyOrders.Add(DataLayout.DailyOrder(client, date, document.Id));
                }
            }
        }

        foreach (var chunk in dailyOrders.Chunk(300))
        {
            var documents = await store.GetAllAsync(chunk, ct);
            for (var i = 0; i < chunk.Length; i++)
            {
                result.Add(chunk[i].ToString(), documents[i] is { } d ? Canonical(d.Fields) : "missing");
            }
        }

        return result;
    }

    private static string Canonical(IReadOnlyDictionary<string, object?> fields)
    {
        var text = new StringBuilder();
        Append(text, fields, top: true);
        return text.ToString();
    }

    private static void Append(StringBuilder text, object? value, bool top = false)
    {
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> map:
                text.Append('{');
                foreach (var (key, item) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (top && Volatile.Contains(key))
                    {
                        continue;
                    }

                    text.Append(key).Append(':');
                    Append(text, item);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case IReadOnlyList<object?> list:
                text.Append('[');
                foreach (var item in list)
                {
                    Append(text, item);
                    text.Append(',');
                }

                text.Append(']');
                break;
            case DateTimeOffset time:
                text.Append(time.UtcTicks.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                text.Append(d.ToString("R", CultureInfo.InvariantCulture));
                break;
            default:
                text.Append(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null");
                break;
        }
    }
}
