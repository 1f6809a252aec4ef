using System.Globalization;
using System.Text.Json;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Backfilling;

/// <summary>
/// Asks the sandbox directly, with hand-built HTTP requests and none of the product's Klaviyo code, what a backfill
/// should have copied: the independent side of every correctness check.
/// </summary>
internal sealed class SandboxOracle(SandboxServer sandbox, string account)
{
    private string Key => SandboxServer.KeyFor(account);

    /// <summary>The Shopify "Placed Order" metric (the one the engine must choose when there are several).</summary>
    public async Task<string> PlacedOrderMetricIdAsync()
    {
        using var response = await sandbox.GetAsync("api/metrics", Key, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        using var json = JsonDocument.Parse(text);
        var placed = json.RootElement.GetProperty("data").EnumerateArray()
            .Where(m => m.GetProperty("attributes").GetProperty("name").GetString() == "Placed Order")
            .ToList();
        var shopify = placed.FirstOrDefault(m =>
            m.GetProperty("attributes").TryGetProperty("integration", out var i) && i.ValueKind == JsonValueKind.Object
            && i.GetProperty("name").GetString() == "Shopify");
        return (shopify.ValueKind == JsonValueKind.Object ? shopify : placed[0]).GetProperty("id").GetString()!;
    }

    /// <summary>Placed Order count and revenue per account-local day over [first, last], from metric aggregates.</summary>
    public async Task<IReadOnlyDictionary<DateOnly, (long Count, decimal Revenue)>> DailyOrdersAsync(string timeZone, DateOnly first, DateOnly last)
    {
        var attributes = await AggregateAsync(await PlacedOrderMetricIdAsync(), ["count", "sum_value"], timeZone, first, last, by: null);
        var days = Days(attributes.GetProperty("dates"), first);
        var result = days.ToDictionary(d => d, _ => (0L, 0m));
        foreach (var row in attributes.GetProperty("data").EnumerateArray())
        {
            var counts = row.GetProperty("measurements").GetProperty("count").EnumerateArray().ToList();
            var sums = row.GetProperty("measurements").GetProperty("sum_value").EnumerateArray().ToList();
            for (var i = 0; i < days.Count; i++)
            {
                var (c, s) = result[days[i]];
                result[days[i]] = (c + (long)counts[i].GetDecimal(), s + sums[i].GetDecimal());
            }
        }

        return result;
    }

    /// <summary>
    /// Each campaign's recipients (Received Email and Received SMS) and conversions (Placed Order) per account-local
    /// day over [first, last], from metric aggregates by <c>$attributed_message</c>; days with none of them are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<(DateOnly Day, string Id), DayNumbers>> DailyCampaignsAsync(string timeZone, DateOnly first, DateOnly last)
    {
        var campaigns = await CampaignIdsAsync();
        var metrics = await MetricIdsAsync();
        var result = new Dictionary<(DateOnly, string), DayNumbers>();
        void Add(JsonElement attributes, Func<JsonElement, int, DayNumbers> read)
        {
            var days = Days(attributes.GetProperty("dates"), first);
            foreach (var row in attributes.GetProperty("data").EnumerateArray())
            {
                var id = row.GetProperty("dimensions")[0].GetString()!;
                for (var i = 0; i < days.Count; i++)
                {
                    var numbers = read(row.GetProperty("measurements"), i);
                    if (campaigns.Contains(id) && numbers != default)
                    {
                        result[(days[i], id)] = result.GetValueOrDefault((days[i], id)) + numbers;
                    }
                }
            }
        }

        foreach (var received in new[] { "Received Email", "Received SMS" })
        {
            Add(await AggregateAsync(metrics[received], ["count"], timeZone, first, last, "$attributed_message"),
                (m, i) => new DayNumbers(m.GetProperty("count")[i].GetInt64(), 0, 0));
        }

        Add(await AggregateAsync(await PlacedOrderMetricIdAsync(), ["count", "sum_value"], timeZone, first, last, "$attributed_message"),
            (m, i) => new DayNumbers(0, m.GetProperty("count")[i].GetInt64(), m.GetProperty("sum_value")[i].GetDecimal()));
        return result;
    }

    /// <summary>
    /// Each flow's recipients and conversions per account-local day over [first, last] (at most 60 days: one daily
    /// flow-series report); days with none of them are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<(DateOnly Day, string Id), DayNumbers>> DailyFlowsAsync(DateOnly first, DateOnly last)
    {
        Assert.InRange(last.DayNumber - first.DayNumber + 1, 1, 60);
        var body = JsonSerializer.Serialize(new
        {
            data = new
            {
                type = "flow-series-report",
                attributes = new
                {
                    statistics = new[] { "recipients", "conversions", "conversion_value" },
                    timeframe = new { start = Midnight(first), end = Midnight(last.AddDays(1)) },
                    conversion_metric_id = await PlacedOrderMetricIdAsync(),
                    interval = "daily",
                },
            },
        });
        var attributes = await PostAsync("api/flow-series-reports", body);
        var days = Days(attributes.GetProperty("date_times"), first);
        var result = new Dictionary<(DateOnly, string), DayNumbers>();
        foreach (var row in attributes.GetProperty("results").EnumerateArray())
        {
            var id = row.GetProperty("groupings").GetProperty("flow_id").GetString()!;
            var statistics = row.GetProperty("statistics");
            for (var i = 0; i < days.Count; i++)
            {
                var numbers = new DayNumbers(
                    statistics.GetProperty("recipients")[i].GetInt64(), statistics.GetProperty("conversions")[i].GetInt64(), statistics.GetProperty("conversion_value")[i].GetDecimal());
                if (numbers != default)
                {
                    result[(days[i], id)] = result.GetValueOrDefault((days[i], id)) + numbers;
                }
            }
        }

        return result;
    }

    public async Task<int> CampaignCountAsync() => (await CampaignIdsAsync()).Count;

    private async Task<HashSet<string>> CampaignIdsAsync()
    {
        var ids = new HashSet<string>();
        foreach (var channel in new[] { "email", "sms", "mobile_push" })
        {
            foreach (var archived in new[] { "true", "false" })
            {
                await foreach (var item in ListAsync($"api/campaigns?filter={Uri.EscapeDataString($"and(equals(messages.channel,'{channel}'),equals(archived,{archived}))")}"))
                {
                    ids.Add(item);
                }
            }
        }

        return ids;
    }

    public async Task<int> FlowCountAsync()
    {
        var ids = new HashSet<string>();
        foreach (var archived in new[] { "true", "false" })
        {
            await foreach (var item in ListAsync($"api/flows?filter={Uri.EscapeDataString($"equals(archived,{archived})")}"))
            {
                ids.Add(item);
            }
        }

        return ids.Count;
    }

    /// <summary>The first metric of each name (the engine takes Klaviyo's own engagement metrics, of which there is one each).</summary>
    private async Task<Dictionary<string, string>> MetricIdsAsync()
    {
        using var response = await sandbox.GetAsync("api/metrics", Key, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        using var json = JsonDocument.Parse(text);
        var ids = new Dictionary<string, string>();
        foreach (var metric in json.RootElement.GetProperty("data").EnumerateArray())
        {
            ids.TryAdd(metric.GetProperty("attributes").GetProperty("name").GetString()!, metric.GetProperty("id").GetString()!);
        }

        return ids;
    }

    private Task<JsonElement> AggregateAsync(string metric, string[] measurements, string timeZone, DateOnly first, DateOnly last, string? by)
    {
        var body = JsonSerializer.Serialize(new
        {
            data = new
            {
                type = "metric-aggregate",
                attributes = new
                {
                    metric_id = metric,
                    measurements,
                    interval = "day",
                    timezone = timeZone,
                    page_size = 10_000,
                    by = by is null ? Array.Empty<string>() : [by],
                    filter = new[] { $"greater-or-equal(datetime,{Midnight(first)})", $"less-than(datetime,{Midnight(last.AddDays(1))})" },
                },
            },
        });
        return PostAsync("api/metric-aggregates", body);
    }

    /// <summary><c>data.attributes</c> of a reporting answer (one page: the oracle asks for pages large enough).</summary>
    private async Task<JsonElement> PostAsync(string path, string body)
    {
        using var response = await sandbox.PostAsync(path, Key, body, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        using var json = JsonDocument.Parse(text);
        var links = json.RootElement.TryGetProperty("links", out var l) ? l : default;
        Assert.False(links.ValueKind == JsonValueKind.Object && links.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String, "more than one page");
        return json.RootElement.GetProperty("data").GetProperty("attributes").Clone();
    }

    /// <summary>
    /// The day of each bucket: the first day plus its index, as Klaviyo's daily buckets run. The labels themselves
    /// (whichever style the sandbox writes) play no part, so the oracle never shares the client's way of reading them.
    /// </summary>
    private static List<DateOnly> Days(JsonElement labels, DateOnly first) =>
        [.. Enumerable.Range(0, labels.GetArrayLength()).Select(first.AddDays)];

    private static string Midnight(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00";

    /// <summary>What the contract compares per day and campaign or flow.</summary>
    public readonly record struct DayNumbers(long Recipients, long Conversions, decimal Value)
    {
        public static DayNumbers operator +(DayNumbers left, DayNumbers right) =>
            new(left.Recipients + right.Recipients, left.Conversions + right.Conversions, left.Value + right.Value);
    }

    private async IAsyncEnumerable<string> ListAsync(string first)
    {
        string? next = first;
        while (next is not null)
        {
            using var response = await sandbox.GetAsync(next, Key, TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, text);
            using var json = JsonDocument.Parse(text);
            foreach (var item in json.RootElement.GetProperty("data").EnumerateArray())
            {
                yield return item.GetProperty("id").GetString()!;
            }

            next = json.RootElement.TryGetProperty("links", out var links) && links.TryGetProperty("next", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()
                : null;
        }
    }
}
