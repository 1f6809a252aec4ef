using System.Globalization;
using System.Text.Json;
using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Data;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Backfilling;

/// <summary>
/// Net revenue per day, on the embedded store, against the sandbox's own truth asked over HTTP without the product's
/// Klaviyo code: each day's Placed Order value less every refund of those orders, whenever the refund came.
/// </summary>
public sealed class RefundNetRevenueTests : IDisposable
{
    private readonly string _scratch = TestDirectory.NewPath("backfill-refunds-");

    public void Dispose()
    {
        TestDirectory.Delete(_scratch);
    }

    [Theory]
    [InlineData("rogue-creamery", true)]
    [InlineData("northloop-outfitters", true)]
    [InlineData("alder-and-ash", false)]
    public async Task SixtyDays_NetRevenuePerDay_EqualsTheSandbox_AndARefreshOfOlderRefundsChangesNothing(string account, bool shopify)
    {
        // History ending two days back puts every refund the sandbox will show before the clock: none can appear
        // between the run reading refunds and this test reading the truth.
        await using var sandbox = await BackfillTestHost.StartSandboxAsync(o => o.HistoryEndDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2));
        Directory.CreateDirectory(_scratch);
        await using var store = new EmbeddedDocumentStore(Path.Combine(_scratch, account + ".db"));
        var recording = new WriteRecordingStore(store);
        await using var host = await BackfillTestHost.StartAsync(recording, sandbox.BaseAddress);
        await host.AddSandboxClientAsync(account);
        var id = ClientId.Parse(account);
        var ct = TestContext.Current.CancellationToken;

        await host.Coordinator.StartAsync(id, new BackfillRequest(Days: 60), ct);
        var done = await host.WaitUntilFinishedAsync(account, TimeSpan.FromMinutes(8));
        Assert.True(done.State == BackfillState.Completed, done.Error);
        var truth = await TruthAsync(sandbox, account, done);
        await AssertNetRevenueAsync(store, host, id, done, truth);
        var unmatched = await store.AggregateAsync(Query.Collection(DataLayout.UnmatchedRefunds(id)), [Aggregation.Count()], ct);
        Assert.Equal(done.UnmatchedRefunds, unmatched.Count());
        Assert.Equal(shopify, done.UnmatchedRefunds > 0);
        Assert.Equal(shopify, truth.RefundedByOrder.Count > 0);

        // As if the refunds of orders older than the refresh's seven days had come after the backfill read: the refresh
        // must find them (its refund window reaches 60 days back) and put them on those orders and their days.
        // Only the even days' orders lose their refunds: the odd days' orders already hold what the refresh reads again,
        // so neither they nor their days' rollups may be rewritten.
        var windowStart = done.RangeEnd!.Value.AddDays(-7);
        var before = await StoreSnapshot.TakeAsync(store, id, done.RangeStart!.Value, done.RangeEnd!.Value, queryEveryDay: true);
        var forgotten = await ForgetRefundsAsync(store, id, windowStart, done.Currency!, day => day.DayNumber % 2 == 0);
        Assert.Equal(shopify, forgotten.Count > 0);
        var untouched = await OddDayPathsAsync(store, id, windowStart);
        Assert.True(shopify == untouched.Refunded > 0, $"{untouched.Refunded} refunded orders on odd days before the refresh's days");
        recording.Recording = true;
        var refresh = await host.Coordinator.RefreshAsync(id, new RefreshRequest(), ct);
        Assert.True(refresh.Accepted, refresh.Message);
        var refreshed = await host.WaitForAsync(account, s => s.State is BackfillState.Completed or BackfillState.Failed && s.RunId == refresh.Status!.RunId);

        Assert.True(refreshed.State == BackfillState.Completed, refreshed.Error);
        StoreSnapshot.AssertEqual(before, await StoreSnapshot.TakeAsync(store, id, done.RangeStart.Value, done.RangeEnd.Value, queryEveryDay: true));
        await AssertNetRevenueAsync(store, host, id, done, truth);
        var rewritten = recording.Written.Where(untouched.Paths.Contains).Select(p => p.Value).ToList();
        Assert.True(rewritten.Count == 0, $"{rewritten.Count} writes to documents of odd days before the refresh's days, e.g. {string.Join(", ", rewritten.Take(3))}");
        Assert.Subset(recording.Written.ToHashSet(), forgotten);

        // The refunds merged back refigured each order's hash over what it now holds: a hash that still described the
        // order without them would let a later refresh keep it as it is.
        await foreach (var order in store.QueryAsync(Query.Collection(DataLayout.Orders(id)), TestContext.Current.CancellationToken))
        {
            Assert.Equal(ContentHash.Of(order.Fields, OrderDocument.NotHashed), order.Get<string>(FieldPath.Of(OrderDocument.ContentHashField)));
        }
    }

    private static async Task AssertNetRevenueAsync(EmbeddedDocumentStore store, BackfillTestHost host, ClientId id, BackfillStatus done, Truth truth)
    {
        var ct = TestContext.Current.CancellationToken;
        var queries = host.Services.GetRequiredService<BackfillDataQueries>();
        var rollups = (await queries.GetDailyRollupsAsync(id, ct)).ToDictionary(r => r.Date);
        for (var day = done.RangeStart!.Value; day <= done.RangeEnd!.Value; day = day.AddDays(1))
        {
            var (gross, refunded) = truth.Days.GetValueOrDefault(day);
            Assert.True(rollups.TryGetValue(day, out var rollup), $"no rollup for {day}");
            Assert.True(gross - refunded == rollup.NetRevenue, $"{day}: net {rollup.NetRevenue} stored, the sandbox says {gross - refunded} ({gross} less {refunded})");
            Assert.Equal(refunded, rollup.Refunded(done.Currency!));
        }

        var summary = (await queries.GetSummaryAsync(id, ct))!;
        Assert.Equal(truth.Days.Values.Sum(d => d.Gross), summary.TotalRevenue);
        Assert.Equal(truth.Days.Values.Sum(d => d.Refunded), summary.RefundedRevenue);
        Assert.Equal(summary.TotalRevenue - summary.RefundedRevenue, summary.NetRevenue);

        var seen = 0;
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var order in store.QueryAsync(Query.Collection(DataLayout.Orders(id)), ct))
        {
            var eventId = order.Get<string>(FieldPath.Of("event_id"))!;
            stored.Add(eventId);
            var refunded = truth.RefundedByOrder.GetValueOrDefault(eventId);
            Assert.Equal((double)refunded, order.Get<double>(FieldPath.Of("refunded_value")), 6);
            Assert.Equal((double)(truth.Values[eventId] - refunded), order.Get<double>(FieldPath.Of("net_value")), 6);
            Assert.Equal(truth.Cancelled.Contains(eventId), order.Get<bool>(FieldPath.Of("cancelled")));
            seen += refunded > 0 ? 1 : 0;
        }

        Assert.Equal(truth.RefundedByOrder.Count, seen);
        await foreach (var parked in store.QueryAsync(Query.Collection(DataLayout.UnmatchedRefunds(id)), ct))
        {
            Assert.DoesNotContain(parked.Get<string>(FieldPath.Of("order_event_id"))!, stored);
        }
    }

    /// <summary>
    /// The orders (both paths) and rollups of the odd days before <paramref name="before"/>, and how many of those
    /// orders hold refunds.
    /// </summary>
    private static async Task<(HashSet<DocumentPath> Paths, int Refunded)> OddDayPathsAsync(EmbeddedDocumentStore store, ClientId id, DateOnly before)
    {
        var ct = TestContext.Current.CancellationToken;
        var paths = new HashSet<DocumentPath>();
        var refunded = 0;
        await foreach (var order in store.QueryAsync(Query.Collection(DataLayout.Orders(id)), ct))
        {
            var date = DateOnly.ParseExact(order.Get<string>(FieldPath.Of("date"))!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (date < before && date.DayNumber % 2 == 1)
            {
                paths.UnionWith([order.Path, DataLayout.DailyOrder(id, date, order.Id), DataLayout.DailyRollup(id, date)]);
                refunded += order.Get<double>(FieldPath.Of("refunded_value")) > 0 ? 1 : 0;
            }
        }

        return (paths, refunded);
    }

    /// <summary>
    /// Takes every refund off the orders placed on the <paramref name="forget"/> days before <paramref name="before"/>
    /// and off those days' rollups; returns the orders that lost some.
    /// </summary>
    private static async Task<HashSet<DocumentPath>> ForgetRefundsAsync(EmbeddedDocumentStore store, ClientId id, DateOnly before, string currency, Func<DateOnly, bool> forget)
    {
        var ct = TestContext.Current.CancellationToken;
        var none = new Dictionary<string, object?>
        {
            ["refunds"] = new List<object?>(), ["refunded_value"] = 0m, ["cancelled"] = false, ["cancelled_at"] = null,
        };
        var orderMask = new[] { FieldPath.Of("refunds"), FieldPath.Of("refunded_value"), FieldPath.Of("cancelled"), FieldPath.Of("cancelled_at") };
        var writes = new List<Write>();
        var days = new HashSet<DateOnly>();
        var orders = new HashSet<DocumentPath>();
        await foreach (var order in store.QueryAsync(Query.Collection(DataLayout.Orders(id)), ct))
        {
            var date = DateOnly.ParseExact(order.Get<string>(FieldPath.Of("date"))!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (date < before && forget(date) && order.Get<double>(FieldPath.Of("refunded_value")) > 0)
            {
                // As a run that stored the order before its refunds came would have left it: its hash of that content.
                var content = new Dictionary<string, object?>(order.Fields, StringComparer.Ordinal);
                foreach (var (key, value) in StoreValues.NormalizeFields(none))
                {
                    content[key] = value;
                }

                var forgotten = new Dictionary<string, object?>(none) { [OrderDocument.ContentHashField] = ContentHash.Of(content, OrderDocument.NotHashed) };
                FieldPath[] mask = [.. orderMask, FieldPath.Of(OrderDocument.ContentHashField)];
                writes.Add(Write.Merge(DataLayout.Order(id, order.Id), forgotten, mask));
                writes.Add(Write.Merge(DataLayout.DailyOrder(id, date, order.Id), forgotten, mask));
                days.Add(date);
                orders.Add(order.Path);
            }
        }

        foreach (var day in days)
        {
            var zero = new Dictionary<string, object?> { ["refunded_revenue"] = 0m, ["refunded_revenue_by_currency"] = new Dictionary<string, object?> { [currency] = 0m } };
            writes.Add(Write.Merge(DataLayout.DailyRollup(id, day), zero, [FieldPath.Of("refunded_revenue"), FieldPath.Of("refunded_revenue_by_currency")]));
        }

        foreach (var chunk in writes.Chunk(400))
        {
            await store.CommitAsync(chunk, ct);
        }

        return orders;
    }

    /// <param name="Days">Per account-local day, the main currency's Placed Order value and what was refunded on those orders.</param>
    /// <param name="RefundedByOrder">Refunded per order placed in the range (by <c>$event_id</c>), refunded orders only.</param>
    private sealed record Truth(
        Dictionary<DateOnly, (decimal Gross, decimal Refunded)> Days,
        Dictionary<string, decimal> RefundedByOrder,
        Dictionary<string, decimal> Values,
        HashSet<string> Cancelled);

    private static async Task<Truth> TruthAsync(SandboxServer sandbox, string account, BackfillStatus done)
    {
        var key = SandboxServer.KeyFor(account);
        var tz = TimeZoneInfo.FindSystemTimeZoneById(done.TimeZone!);
        var from = Utc(done.RangeStart!.Value, tz);
        var to = Utc(done.RangeEnd!.Value.AddDays(1), tz);
        var placed = await new SandboxOracle(sandbox, account).PlacedOrderMetricIdAsync();
        var metrics = await GetAsync(sandbox, "api/metrics", key);
        string? MetricId(string name) => metrics.GetProperty("data").EnumerateArray()
            .Where(m => m.GetProperty("attributes").GetProperty("name").GetString() == name)
            .Select(m => m.GetProperty("id").GetString())
            .FirstOrDefault();

        var orders = await EventsAsync(sandbox, key, placed, from, to);
        var refunds = MetricId("Refunded Order") is { } refunded ? await EventsAsync(sandbox, key, refunded, from, "2100-01-01T00:00:00Z") : [];
        var cancels = MetricId("Cancelled Order") is { } cancelled ? await EventsAsync(sandbox, key, cancelled, from, "2100-01-01T00:00:00Z") : [];

        var values = orders.ToDictionary(o => o.EventId, o => o.Value);
        var refundedByOrder = refunds.Where(r => values.ContainsKey(r.EventId)).GroupBy(r => r.EventId).ToDictionary(g => g.Key, g => g.Sum(r => r.Value));
        var days = new Dictionary<DateOnly, (decimal, decimal)>();
        foreach (var order in orders.Where(o => o.Currency == done.Currency))
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(order.At, tz).DateTime);
            var (gross, refundedSum) = days.GetValueOrDefault(day);
            days[day] = (gross + order.Value, refundedSum + refundedByOrder.GetValueOrDefault(order.EventId));
        }

        return new Truth(days, refundedByOrder, values, [.. cancels.Select(c => c.EventId).Where(values.ContainsKey)]);
    }

    private sealed record SandboxEvent(string EventId, decimal Value, string? Currency, DateTimeOffset At);

    private static async Task<List<SandboxEvent>> EventsAsync(SandboxServer sandbox, string key, string metric, string from, string to)
    {
        var events = new List<SandboxEvent>();
        string? url = $"api/events?filter=equals(metric_id,\"{metric}\"),greater-or-equal(datetime,{from}),less-than(datetime,{to})&page[size]=1000&fields[event]=datetime,event_properties";
        while (url is not null)
        {
            var page = await GetAsync(sandbox, url, key);
            foreach (var e in page.GetProperty("data").EnumerateArray())
            {
                var attributes = e.GetProperty("attributes");
                var p = attributes.GetProperty("event_properties");
                var value = p.GetProperty("$value");
                events.Add(new SandboxEvent(
                    p.GetProperty("$event_id").GetString()!,
                    value.ValueKind == JsonValueKind.String ? decimal.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetDecimal(),
                    p.TryGetProperty("$currency_code", out var c) ? c.GetString() : p.TryGetProperty("$value_currency", out var v) ? v.GetString() : null,
                    DateTimeOffset.Parse(attributes.GetProperty("datetime").GetString()!, CultureInfo.InvariantCulture)));
            }

            var next = page.GetProperty("links").GetProperty("next");
            url = next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }

        return events;
    }

    private static async Task<JsonElement> GetAsync(SandboxServer sandbox, string url, string key)
    {
        using var response = await sandbox.GetAsync(url, key, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }

    private static string Utc(DateOnly day, TimeZoneInfo tz) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), tz).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
