using Backfill.Services.Backfill.Data;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Backfill.Export;
using Backfill.Services.Clients;
using Backfill.Services.Klaviyo;
using Backfill.Services.Orders;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;

namespace Backfill.Tests.Backfilling.Export;

/// <summary>
/// An embedded store seeded through the engine's own document mappers: four days of a shop (one without orders), a
/// EUR order beside USD ones, shopper text that looks like formulas, one order and one day that already record refunds
/// and validation, two campaigns and a flow with range and daily statistics.
/// </summary>
internal sealed class ExportStore : IAsyncDisposable
{
    public static readonly ClientId Shop = ClientId.Parse("export-shop");
    public static readonly DateOnly FirstDay = new(2025, 6, 1);
    public static readonly DateOnly LastDay = FirstDay.AddDays(3);
    public static readonly DateTimeOffset ValidatedAt = new(2025, 6, 5, 8, 30, 0, TimeSpan.Zero);

    /// <summary>Text a spreadsheet would run as a formula: = + - @, tab, carriage return, a full-width =, and CSV's own specials.</summary>
    public static readonly string[] FormulaText =
    [
        "=HYPERLINK(\"http://evil.example\",\"x\")", "+1 555 0100", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "\uFF1D1+1",
        "cmd|' /C calc'!A0", "a, \"quoted\"; semi",
    ];

    private readonly string _directory;

    private ExportStore(string directory, EmbeddedDocumentStore store)
    {
        _directory = directory;
        Store = store;
        Registry = new ClientRegistry(store, TimeProvider.System);
        Queries = new BackfillDataQueries(store, Registry);
        Exporter = new BackfillExporter(Queries);
    }

    public EmbeddedDocumentStore Store { get; }

    public ClientRegistry Registry { get; }

    public BackfillDataQueries Queries { get; }

    public BackfillExporter Exporter { get; }

    public static async Task<ExportStore> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "backfill-export-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var seeded = new ExportStore(directory, new EmbeddedDocumentStore(Path.Combine(directory, "store.db")));
        await seeded.SeedAsync(TestContext.Current.CancellationToken);
        return seeded;
    }

    public async Task<string> CsvAsync(ExportKind kind, DateOnly? from = null, DateOnly? to = null)
    {
        using var stream = new MemoryStream();
        await Exporter.WriteAsync(new ExportRequest(Shop, kind, ExportFormat.Csv, from, to), stream, TestContext.Current.CancellationToken);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public async Task<byte[]> XlsxAsync(ExportKind kind, DateOnly? from = null, DateOnly? to = null)
    {
        using var stream = new MemoryStream();
        await Exporter.WriteAsync(new ExportRequest(Shop, kind, ExportFormat.Xlsx, from, to), stream, TestContext.Current.CancellationToken);
        return stream.ToArray();
    }

    /// <summary>Every stored order by day and time, as the API's queries read them.</summary>
    public async Task<IReadOnlyList<StoredOrder>> OrdersAsync(DateOnly from, DateOnly to)
    {
        var orders = new List<StoredOrder>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            await foreach (var order in Queries.GetDayOrdersAsync(Shop, day, TestContext.Current.CancellationToken))
            {
                orders.Add(order);
            }
        }

        return orders;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Klaviyo's statistics of campaign C1 on one day (different every day, so a sum shows which days it took).</summary>
    public static MessageStatistics CampaignDay(DateOnly day)
    {
        var n = day.DayNumber - FirstDay.DayNumber + 1;
        return new MessageStatistics(Recipients: 100 * n, Delivered: 98 * n, Opens: 50 * n, OpensUnique: 40 * n, Clicks: 12 * n, ClicksUnique: 9 * n,
            Conversions: 2 * n, ConversionUniques: 2 * n, ConversionValue: 25.5m * n, Unsubscribes: n, Bounced: 2 * n, SpamComplaints: 0);
    }

    public static MessageStatistics FlowDay(DateOnly day) =>
        new(Recipients: 30 + day.Day, Delivered: 30 + day.Day, OpensUnique: 10, Conversions: 1, ConversionUniques: 1, ConversionValue: 19.99m);

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        await Registry.CreateAsync(new NewClient(Shop.Value, "Export Shop", SandboxAccount: true), cancellationToken);
        var at = new DateTimeOffset(2025, 6, 5, 12, 0, 0, TimeSpan.Zero);
        var writes = new List<Write>();
        for (var day = FirstDay; day <= LastDay; day = day.AddDays(1))
        {
            var orders = OrdersOf(day);
            foreach (var order in orders)
            {
                var fields = new Dictionary<string, object?>(OrderDocument.ToFields(order, "{}", at));
                if (order.OrderNumber == "#2-1")
                {
                    // Refund fields as the engine will write them; nothing writes them yet, so the test does.
                    fields["refunded_value"] = 12.25;
                    fields["net_value"] = (double)order.Value - 12.25;
                    fields["cancelled"] = true;
                    fields["refunds"] = new List<object?> { new Dictionary<string, object?> { ["amount"] = 12.25 } };
                }

                writes.Add(Write.Set(DataLayout.Order(Shop, order.KlaviyoEventId), fields));
                writes.Add(Write.Set(DataLayout.DailyOrder(Shop, day, order.KlaviyoEventId), fields));
            }

            var rollup = new DailyRollup(
                day, orders.Count,
                orders.GroupBy(o => o.Currency).ToDictionary(g => g.Key, g => g.Sum(o => o.Value)),
                orders.GroupBy(o => o.Currency).ToDictionary(g => g.Key, g => (long)g.Count()),
                0, 1, 1, "USD")
            {
                RefundedByCurrency = day == FirstDay.AddDays(1)
                    ? new Dictionary<string, decimal> { ["USD"] = 12.25m }
                    : new Dictionary<string, decimal>(),
            };
            var rollupFields = new Dictionary<string, object?>(rollup.ToFields(at));
            if (day == FirstDay.AddDays(1))
            {
                rollupFields["klaviyo_orders"] = 2L;
                rollupFields["klaviyo_revenue"] = 150.0;
                rollupFields["validated_at"] = ValidatedAt;
                rollupFields["match"] = "matched";
            }

            writes.Add(Write.Set(DataLayout.DailyRollup(Shop, day), rollupFields));
            writes.Add(Write.Set(DataLayout.DailyCampaign(Shop, day, "C1"), DailyDocuments.Campaign(day, "C1", "Spring", "email", CampaignDay(day))));
            if (day != FirstDay)
            {
                writes.Add(Write.Set(DataLayout.DailyFlow(Shop, day, "F1"), DailyDocuments.Flow(day, "F1", "Welcome", FlowDay(day), [])));
            }
        }

        // The range report's uniques are not the sum of the days' (a person who opened on two days is one unique).
        var c1Range = new MessageStatistics(Recipients: 1000, Delivered: 980, Opens: 500, OpensUnique: 310, Clicks: 120, ClicksUnique: 70,
            Conversions: 20, ConversionUniques: 15, ConversionValue: 255m, Unsubscribes: 10, Bounced: 20, SpamComplaints: 1);
        writes.Add(Write.Set(DataLayout.Campaign(Shop, "C1"), CampaignDocument.ToFields(
            new KlaviyoCampaign("C1", FormulaText[0], "Sent", "email", false, null, null, null, new DateTimeOffset(2025, 6, 1, 15, 0, 0, TimeSpan.Zero), []),
            c1Range, FirstDay, LastDay, "M1", at)));
        writes.Add(Write.Set(DataLayout.Campaign(Shop, "C2"), CampaignDocument.ToFields(
            new KlaviyoCampaign("C2", "Newsletter", "Draft", "sms", true, null, null, null, null, []), MessageStatistics.Zero, FirstDay, LastDay, "M1", at)));
        writes.Add(Write.Set(DataLayout.Flow(Shop, "F1"), FlowDocument.ToFields(
            new KlaviyoFlow("F1", "@Welcome", "live", false, "List", null, null),
            new MessageStatistics(Recipients: 120, Delivered: 118, OpensUnique: 25, Conversions: 3, ConversionUniques: 3, ConversionValue: 59.97m), [],
            FirstDay, LastDay, "M1", at)));
        await Store.CommitAsync(writes, cancellationToken);
    }

    /// <summary>Day 1: three orders (one EUR) with formula-looking shopper text; day 2: two; day 3: none; day 4: two.</summary>
    private static List<Order> OrdersOf(DateOnly day)
    {
        var n = day.DayNumber - FirstDay.DayNumber + 1;
        var count = n switch { 1 => 3, 2 => 2, 3 => 0, _ => 2 };
        return [.. Enumerable.Range(1, count).Select(i => Order(day, n, i))];
    }

    private static Order Order(DateOnly day, int n, int i)
    {
        var id = $"{n}{i}";
        // The day's orders follow the previous days' (3, 2, 0, 2), so the seven first names take the first seven texts.
        var index = n switch { 1 => i - 1, 2 => 2 + i, _ => 4 + i };
        var text = FormulaText[index % FormulaText.Length];
        var placed = new DateTimeOffset(day.ToDateTime(new TimeOnly(9 + i, 15 * i, 7)), TimeSpan.Zero);
        var value = 40m + n * 10 + i + 0.35m;
        return new Order(
            "e" + id, "k" + id, "o" + id, $"#{n}-{i}", placed, day, value, n == 1 && i == 1 ? "EUR" : "USD", value - 5, 1.5m, 2m,
            [text, "SAVE10"], "Standard", 5m,
            [new OrderLineItem("P1", "SKU-" + id, text, null, 2, 10m, 20m, ["Cheese"], "Creamery")],
            2, ["Cheese", text], ["Creamery"],
            new OrderCustomer("PROF" + id, $"buyer{id}@example.com", text, "Lovelace", "Portland", "OR", "US", "097201"),
            new OrderUtm(FormulaText[(index + 2) % FormulaText.Length], "email", "spring", null, null),
            i == 2 ? new OrderAttribution(OrderAttributionKind.Flow, null, "F1", "MSG1", "email", "E1") : null,
            "web");
    }
}
