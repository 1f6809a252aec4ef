using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Data;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Clients;
using Backfill.Services.Klaviyo;
using Backfill.Services.Orders;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Web.Components.DataViewer;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

// Mirrors the page's namespace (Backfill.Web.Components.DataViewer), as the manager's tests do.
namespace Backfill.Tests.Web.Components.DataViewer;

/// <summary>
/// bUnit with MudBlazor over a real <see cref="EmbeddedDocumentStore"/> in a temp file, seeded through the same
/// document mappers the backfill engine writes with, and the real <see cref="ClientRegistry"/> and
/// <see cref="BackfillDataQueries"/> over it. Only the coordinator is a double (the page reads its board for the timezone).
/// </summary>
public abstract class DataViewerTestContext : BunitContext, IAsyncLifetime
{
    protected static readonly ClientId Shop = ClientId.Parse("test-shop");
    protected static readonly DateOnly FirstDay = new(2026, 3, 9);
    protected static readonly DateOnly LastDay = new(2026, 3, 15);
    protected static readonly DateTimeOffset BackfilledAt = new(2026, 3, 16, 12, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "backfill-viewer-" + Guid.NewGuid().ToString("N"));

    protected DataViewerTestContext()
    {
        Directory.CreateDirectory(_directory);
        Store = new EmbeddedDocumentStore(Path.Combine(_directory, "store.db"));
        Registry = new ClientRegistry(Store, TimeProvider.System);
        Queries = new BackfillDataQueries(Store, Registry);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IDocumentStore>(Store);
        Services.AddSingleton(Registry);
        Services.AddSingleton(Queries);
        Services.AddSingleton(new DayOrderQueries(Store));
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<IBackfillCoordinator>(Coordinator);

        // The viewer's Validate and Re-sync go through the guarded commands, as the manager's do; no test here
        // reaches Klaviyo, so validation has no validator of its own.
        Services.AddSingleton(new Backfill.Services.Backfill.Validation.ValidationCommands(Coordinator, Registry, null!, Queries));
        Services.AddScoped<Backfill.Web.Security.GuardedBackfillCommands>();
        Services.AddScoped<Backfill.Web.Security.ClientAccess>();
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new BackfillOptions()));
        Authorization = AddAuthorization();
        Authorization.SetAuthorized("operator@agency.example");
        Authorization.SetRoles([.. Backfill.Web.Security.BackfillRoles.Claims(Backfill.Web.Security.BackfillRoles.Operator)]);
    }

    protected Bunit.TestDoubles.BunitAuthorizationContext Authorization { get; }

    internal EmbeddedDocumentStore Store { get; }

    internal ClientRegistry Registry { get; }

    internal BackfillDataQueries Queries { get; }

    internal FakeBackfillCoordinator Coordinator { get; } = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeComponentsAsync();
        await base.DisposeAsync();
        await Store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected IRenderedComponent<IComponent> RenderViewer(string id) =>
        Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<Backfill.Web.Components.DataViewer.DataViewer>(1);
            builder.AddAttribute(2, nameof(Backfill.Web.Components.DataViewer.DataViewer.Id), id);
            builder.CloseComponent();
        });

    protected Task RegisterAsync(ClientId id, string name) =>
        Registry.CreateAsync(new NewClient(id.Value, name, SandboxAccount: true), TestContext.Current.CancellationToken);

    /// <summary>
    /// A completed week of a shop in Los Angeles: three orders a day on the days in <paramref name="orderDays"/>
    /// (USD, one EUR order on the first day), two campaigns and one flow with statistics, and the backfill status.
    /// </summary>
    protected async Task SeedShopAsync(params DateOnly[] orderDays)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await RegisterAsync(Shop, "Test Shop");
        var writes = new List<Write>();
        var revenue = new Dictionary<string, decimal>();
        long orderCount = 0;
        for (var day = FirstDay; day <= LastDay; day = day.AddDays(1))
        {
            var orders = orderDays.Contains(day) ? OrdersOf(day) : [];
            foreach (var order in orders)
            {
                var fields = OrderDocument.ToFields(order, $$"""{"$event_id":"{{order.EventId}}","$value":{{order.Value}},"Items":["{{order.LineItems[0].Name}}"]}""", BackfilledAt);
                // Keyed by the Klaviyo event id, as the engine writes them.
                writes.Add(Write.Set(DataLayout.Order(Shop, order.KlaviyoEventId), fields));
                writes.Add(Write.Set(DataLayout.DailyOrder(Shop, day, order.KlaviyoEventId), fields));
                revenue[order.Currency] = revenue.GetValueOrDefault(order.Currency) + order.Value;
            }

            orderCount += orders.Count;
            var rollup = new DailyRollup(
                day,
                orders.Count,
                orders.GroupBy(o => o.Currency).ToDictionary(g => g.Key, g => g.Sum(o => o.Value)),
                orders.GroupBy(o => o.Currency).ToDictionary(g => g.Key, g => (long)g.Count()),
                0, 1, 1, "USD")
            {
                Breakdown = Backfill.Services.Backfill.Engine.DayBreakdownBuilder.Build(orders, "USD"),
            };
            writes.Add(Write.Set(DataLayout.DailyRollup(Shop, day), rollup.ToFields(BackfilledAt)));
            writes.Add(Write.Set(DataLayout.DailyCampaign(Shop, day, "C1"), DailyDocuments.Campaign(day, "C1", "Spring Sale", "email", new MessageStatistics(Recipients: 100, Delivered: 98, OpensUnique: 40, ClicksUnique: 9, Conversions: 2, ConversionUniques: 2, ConversionValue: 50m))));
        }

        writes.Add(Write.Set(DataLayout.Campaign(Shop, "C1"), CampaignDocument.ToFields(
            Campaign("C1", "Spring Sale"), new MessageStatistics(Recipients: 700, Delivered: 686, OpensUnique: 280, ClicksUnique: 63, Conversions: 14, ConversionUniques: 14, ConversionValue: 350m),
            FirstDay, LastDay, "M1", BackfilledAt)));
        writes.Add(Write.Set(DataLayout.Campaign(Shop, "C2"), CampaignDocument.ToFields(
            Campaign("C2", "Newsletter"), new MessageStatistics(Recipients: 500, Delivered: 490, OpensUnique: 100), FirstDay, LastDay, "M1", BackfilledAt)));
        writes.Add(Write.Set(DataLayout.Flow(Shop, "F1"), FlowDocument.ToFields(
            new KlaviyoFlow("F1", "Welcome Series", "live", false, "List", null, null),
            new MessageStatistics(Recipients: 300, Delivered: 300, Conversions: 5, ConversionUniques: 5, ConversionValue: 125.5m), [], FirstDay, LastDay, "M1", BackfilledAt)));
        writes.Add(Write.Set(DataLayout.BackfillStatus(Shop), BackfillStatusDocument.ToFields(Completed(orderCount, revenue))));
        await Store.CommitAsync(writes, cancellationToken);
        Coordinator.Publish(Completed(orderCount, revenue));
    }

    /// <summary>Three orders: 09:00, 12:30 and 18:45 Los Angeles time (UTC−7 in March after the switch, −8 before).</summary>
    protected static IReadOnlyList<Order> OrdersOf(DateOnly day)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        DateTimeOffset At(int hour, int minute)
        {
            var local = day.ToDateTime(new TimeOnly(hour, minute));
            return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }

        var key = day.ToString("MMdd", System.Globalization.CultureInfo.InvariantCulture);
        return
        [
            Order($"{key}01", $"#{key}-1", At(9, 0), 40m, day == FirstDay ? "EUR" : "USD", day),
            Order($"{key}02", $"#{key}-2", At(12, 30), 60m, "USD", day),
            Order($"{key}03", $"#{key}-3", At(18, 45), 95.5m, "USD", day),
        ];
    }

    private static Order Order(string id, string number, DateTimeOffset placed, decimal value, string currency, DateOnly day) => new(
        id, "k" + id, id, number, placed.ToUniversalTime(), day, value, currency, value - 5, 0m, 5m, ["SPRING5"], "Standard", 5m,
        [
            new OrderLineItem("P1", "SKU-BLUE", "Blue Cheese", "Half", 1, value - 15, value - 15, ["Cheese"], "Creamery"),
            new OrderLineItem("P2", "SKU-CRK", "Crackers", null, 2, 5m, 10m, ["Pantry"], "Bakery"),
        ],
        3, ["Cheese", "Pantry"], ["Creamery", "Bakery"],
        new OrderCustomer("PROF" + id, $"buyer{id}@example.com", "Ada", "Lovelace", "Portland", "OR", "US", "97201"),
        new OrderUtm("newsletter", "email", "spring", null, null),
        new OrderAttribution(OrderAttributionKind.Campaign, "C1", null, "MSG1", "email", "E1"),
        "web");

    private static KlaviyoCampaign Campaign(string id, string name) =>
        new(id, name, "Sent", "email", false, null, null, null, null, []);

    private static BackfillStatus Completed(long orders, IReadOnlyDictionary<string, decimal> revenue) =>
        BackfillStatus.NotStarted(Shop, "Test Shop") with
        {
            State = BackfillState.Completed,
            Parameters = new BackfillParameters(null, 7, true, false),
            RangeStart = FirstDay,
            RangeEnd = LastDay,
            TotalDays = 7,
            DaysCompleted = 7,
            LastCompletedDate = LastDay,
            TimeZone = "America/Los_Angeles",
            Currency = "USD",
            Campaigns = 2,
            Flows = 1,
            Orders = orders,
            RevenueByCurrency = revenue,
            StartedAt = BackfilledAt.AddMinutes(-1),
            UpdatedAt = BackfilledAt,
            CompletedAt = BackfilledAt,
            Attempts = 1,
        };
}
