using System.Globalization;
using System.Net;
using System.Text.Json;
using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Data;
using Backfill.Services.Storage;
using Backfill.Tests.Backfilling.Export;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Web.Api;

/// <summary>
/// <c>/export</c> end to end over a real socket, after a short backfill of the sandbox: each kind in each format, read
/// back by CsvHelper or MiniExcel, equals what the API's own routes (<c>orders</c>, <c>summary</c>) and the viewer's
/// queries say.
/// </summary>
public sealed class ExportApiTests : IAsyncLifetime
{
    private const string Client = "rogue-creamery";
    private BackfillApp _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await BackfillApp.StartAsync();
        using var subscription = _app.Coordinator.Subscribe();
        using var start = await _app.Client.PostAsync($"/api/backfill/start/{Client}?days=3", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        await foreach (var board in subscription.Updates.ReadAllAsync(Ct))
        {
            if (board.Find(ClientId.Parse(Client)) is { State: BackfillState.Completed or BackfillState.Failed } status)
            {
                Assert.Equal(BackfillState.Completed, status.State);
                break;
            }
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task Orders_EqualTheOrdersRouteDayByDay(string format)
    {
        var (summary, days) = await RangeAsync();

        var table = await ExportAsync($"kind=orders&format={format}", format, $"{Client}-orders.{format}");

        var expected = new List<JsonElement>();
        foreach (var day in days)
        {
            expected.AddRange((await JsonAsync($"/api/backfill/data/{Client}/orders?date={Day(day)}&limit=1000")).GetProperty("orders").EnumerateArray());
        }

        Assert.Equal(summary.GetProperty("orders").GetInt64(), table.Rows.Count);
        Assert.Equal(expected.Count, table.Rows.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (order, row) = (expected[i], table.Rows[i]);
            Assert.Equal(order.GetProperty("klaviyo_event_id").GetString(), row["klaviyo_event_id"]);
            Assert.Equal(order.GetProperty("order_number").GetString(), row["order_number"]);
            Assert.Equal(order.GetProperty("currency").GetString(), row["currency"]);
            Assert.Equal(order.GetProperty("value").GetDecimal(), Number(row["value"]));
            Assert.Equal(order.GetProperty("value").GetDecimal(), Number(row["net_value"]));
            Assert.Equal(0m, Number(row["refunded_value"]));
            Assert.Equal(order.GetProperty("item_count").GetInt32(), (int)Number(row["item_count"]));
            Assert.Equal(DateOnly.Parse(order.GetProperty("date").GetString()!, CultureInfo.InvariantCulture), Date(row["date"]));
            Assert.Equal(order.GetProperty("placed_at").GetDateTimeOffset().UtcDateTime, Time(row["placed_at_utc"]), TimeSpan.FromSeconds(1));
            Assert.Equal(order.GetProperty("customer").GetProperty("email").GetString(), row["customer_email"]);
        }
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task Daily_EqualsTheSummaryAndEachDaysOrderTotals(string format)
    {
        var (summary, days) = await RangeAsync();

        var table = await ExportAsync($"kind=daily&format={format}", format, $"{Client}-daily.{format}");

        Assert.Equal(days, table.Rows.Select(r => Date(r["date"])).Distinct());
        foreach (var day in days)
        {
            var totals = await JsonAsync($"/api/backfill/data/{Client}/orders?date={Day(day)}&limit=1");
            var rows = table.Rows.Where(r => Date(r["date"]) == day).ToList();
            Assert.Equal(totals.GetProperty("total_orders").GetInt64(), rows.Sum(r => (long)Number(r["orders"])));
            Assert.Equal(totals.GetProperty("total_value").GetDecimal(), rows.Sum(r => Number(r["gross_revenue"])));
            Assert.All(rows, r => Assert.Equal(Number(r["gross_revenue"]), Number(r["net_revenue"])));
        }

        foreach (var currency in summary.GetProperty("revenue_by_currency").EnumerateObject())
        {
            Assert.Equal(currency.Value.GetDecimal(), table.Rows.Where(r => (string?)r["currency"] == currency.Name).Sum(r => Number(r["gross_revenue"])));
        }
    }

    [Theory]
    [InlineData("campaigns", "csv")]
    [InlineData("campaigns", "xlsx")]
    [InlineData("flows", "csv")]
    [InlineData("flows", "xlsx")]
    public async Task CampaignsAndFlows_EqualTheViewersQueries(string kind, string format)
    {
        var (summary, days) = await RangeAsync();

        var table = await ExportAsync($"kind={kind}&format={format}&from={Day(days[0])}&to={Day(days[^1])}", format,
            $"{Client}-{kind}-{Day(days[0])}-to-{Day(days[^1])}.{format}");

        Assert.Equal(summary.GetProperty(kind).GetInt64(), table.Rows.Count);
        var queries = _app.Services.GetRequiredService<BackfillDataQueries>();
        var statistics = kind == "campaigns"
            ? (await queries.GetCampaignsAsync(ClientId.Parse(Client), Ct)).ToDictionary(c => c.Id, c => c.Statistics)
            : (await queries.GetFlowsAsync(ClientId.Parse(Client), Ct)).ToDictionary(f => f.Id, f => f.Statistics);
        var idColumn = kind == "campaigns" ? "campaign_id" : "flow_id";
        Assert.All(table.Rows, row =>
        {
            var expected = statistics[(string)row[idColumn]!];
            // The range the viewer shows is the copy's: the export reads Klaviyo's range report, as the viewer does.
            Assert.Equal("range_report", row["statistics_source"]);
            Assert.Equal(expected.Recipients, (long)Number(row["recipients"]));
            Assert.Equal(expected.ConversionUniques, (long)Number(row["conversion_uniques"]));
            Assert.Equal(expected.ConversionValue, Number(row["conversion_value"]));
        });
    }

    [Fact]
    public async Task Orders_OneDayRange_EqualsThatDaysPage()
    {
        var (_, days) = await RangeAsync();

        var table = await ExportAsync($"kind=orders&from={Day(days[^1])}&to={Day(days[^1])}", "csv", $"{Client}-orders-{Day(days[^1])}-to-{Day(days[^1])}.csv");

        var page = await JsonAsync($"/api/backfill/data/{Client}/orders?date={Day(days[^1])}&limit=1000");
        Assert.Equal(page.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("klaviyo_event_id").GetString()), table.Rows.Select(r => (string?)r["klaviyo_event_id"]));
    }

    [Fact]
    public async Task Export_UnknownClient_Is404Problem()
    {
        using var response = await _app.Client.GetAsync("/api/backfill/data/nobody-here/export?kind=orders", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OrdersCsv_StillServedBesideTheExport()
    {
        using var response = await _app.Client.GetAsync($"/api/backfill/data/{Client}/orders.csv", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("klaviyo_event_id,order_id,order_number,placed_at_utc,date,value,currency,subtotal", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private async Task<ExportReaders.Table> ExportAsync(string query, string format, string fileName)
    {
        using var response = await _app.Client.GetAsync($"/api/backfill/data/{Client}/export?{query}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(
            format == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv",
            response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        return format == "xlsx" ? ExportReaders.Xlsx(bytes) : ExportReaders.Csv(System.Text.Encoding.UTF8.GetString(bytes));
    }

    private async Task<(JsonElement Summary, IReadOnlyList<DateOnly> Days)> RangeAsync()
    {
        var summary = await JsonAsync($"/api/backfill/data/{Client}/summary");
        var range = summary.GetProperty("date_range");
        var first = DateOnly.Parse(range.GetProperty("start_date").GetString()!, CultureInfo.InvariantCulture);
        var last = DateOnly.Parse(range.GetProperty("end_date").GetString()!, CultureInfo.InvariantCulture);
        return (summary.GetProperty("summary"), [.. Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays)]);
    }

    private async Task<JsonElement> JsonAsync(string url)
    {
        using var response = await _app.Client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static decimal Number(object? cell) => cell switch
    {
        string text => decimal.Parse(text, CultureInfo.InvariantCulture),
        double d => Math.Round((decimal)d, 6),
        _ => throw new ArgumentException($"not a number: {cell}"),
    };

    private static DateOnly Date(object? cell) => cell switch
    {
        string text => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => DateOnly.FromDateTime(time),
        _ => throw new ArgumentException($"not a date: {cell}"),
    };

    private static DateTime Time(object? cell) => cell switch
    {
        string text => DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
        DateTime time => time,
        _ => throw new ArgumentException($"not a time: {cell}"),
    };
}
