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
        var metric = await PlacedOrderMetricIdAsync();
        var body = JsonSerializer.Serialize(new
        {
            data = new
            {
                type = "metric-aggregate",
                attributes = new
                {
                    metric_id = metric,
                    measurements = new[] { "count", "sum_value" },
                    interval = "day",
                    timezone = timeZone,
                    page_size = 500,
                    filter = new[]
                    {
                        $"greater-or-equal(datetime,{first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}T00:00:00)",
                        $"less-than(datetime,{last.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}T00:00:00)",
                    },
                },
            },
        });
        using var response = await sandbox.PostAsync("api/metric-aggregates", Key, body, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        using var json = JsonDocument.Parse(text);
        var attributes = json.RootElement.GetProperty("data").GetProperty("attributes");
        var dates = attributes.GetProperty("dates").EnumerateArray().Select(d => DateOnly.FromDateTime(DateTimeOffset.Parse(d.GetString()!, CultureInfo.InvariantCulture).DateTime)).ToList();
        var result = dates.ToDictionary(d => d, _ => (0L, 0m));
        foreach (var row in attributes.GetProperty("data").EnumerateArray())
        {
            var counts = row.GetProperty("measurements").GetProperty("count").EnumerateArray().ToList();
            var sums = row.GetProperty("measurements").GetProperty("sum_value").EnumerateArray().ToList();
            for (var i = 0; i < dates.Count; i++)
            {
                var (c, s) = result[dates[i]];
                result[dates[i]] = (c + (long)counts[i].GetDecimal(), s + sums[i].GetDecimal());
            }
        }

        return result;
    }

    public async Task<int> CampaignCountAsync()
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

        return ids.Count;
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
