using System.Globalization;
using System.Text;
using Backfill.Services.Storage;

namespace Backfill.Tests.Backfilling;

/// <summary>Every document a backfill wrote for a client, as canonical text per path (write times left out), for "nothing changed" checks.</summary>
internal static class StoreSnapshot
{
    private static readonly HashSet<string> Volatile = ["backfilled_at"];

    public static async Task<SortedDictionary<string, string>> TakeAsync(IDocumentStore store, ClientId client, DateOnly first, DateOnly last)
    {
        var ct = TestContext.Current.CancellationToken;
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var collections = new List<CollectionPath>
        {
            DataLayout.Orders(client), DataLayout.Campaigns(client), DataLayout.Flows(client), DataLayout.DailyRollups(client),
        };
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            collections.Add(DataLayout.DailyOrders(client, day));
            collections.Add(DataLayout.DailyCampaigns(client, day));
            collections.Add(DataLayout.DailyFlows(client, day));
        }

        foreach (var collection in collections)
        {
            await foreach (var document in store.QueryAsync(Query.Collection(collection), ct))
            {
                result.Add(document.Path.ToString(), Canonical(document.Fields));
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
