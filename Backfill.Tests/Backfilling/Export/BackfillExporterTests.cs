using System.Globalization;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Backfill.Export;
using Backfill.Services.Orders;

namespace Backfill.Tests.Backfilling.Export;

/// <summary>
/// Every kind of export, in both formats, read back by an independent reader and compared with the stored data as
/// the API's queries read it; formula-looking text stays inert (an apostrophe in CSV, a text cell in xlsx).
/// </summary>
public sealed class BackfillExporterTests : IAsyncLifetime
{
    private static readonly string[] OrderHeader =
    [
        "klaviyo_event_id", "order_id", "order_number", "placed_at_utc", "date", "value", "currency", "refunded_value", "net_value",
        "cancelled", "refund_count", "subtotal", "tax", "total_discount", "discount_codes", "shipping_method", "shipping_amount",
        "item_count", "line_items", "categories", "brands", "customer_email", "customer_first_name", "customer_last_name", "city",
        "region", "country", "zip", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "attribution",
        "attributed_campaign_id", "attributed_flow_id", "source_name",
    ];

    private static readonly string[] StatisticsHeader =
    [
        "from", "to", "statistics_source", "recipients", "delivered", "opens", "opens_unique", "clicks", "clicks_unique", "conversions",
        "conversion_uniques", "conversion_value", "unsubscribes", "bounced", "spam_complaints", "open_rate", "click_rate",
        "conversion_rate", "revenue_per_recipient",
    ];

    private ExportStore _data = null!;

    public async ValueTask InitializeAsync() => _data = await ExportStore.CreateAsync();

    public async ValueTask DisposeAsync() => await _data.DisposeAsync();

    [Fact]
    public async Task Orders_Csv_ReadByCsvHelper_EqualsTheStoredOrdersWithFormulasDefused()
    {
        var table = ExportReaders.Csv(await _data.CsvAsync(ExportKind.Orders));

        var stored = await _data.OrdersAsync(ExportStore.FirstDay, ExportStore.LastDay);
        Assert.Equal(OrderHeader, table.Header);
        Assert.Equal(stored.Count, table.Rows.Count);
        for (var i = 0; i < stored.Count; i++)
        {
            var expected = Expected(stored[i]);
            foreach (var (column, value) in expected)
            {
                Assert.Equal(CsvText(value), table.Rows[i][column]);
            }
        }
    }

    [Fact]
    public async Task Orders_Xlsx_ReadByMiniExcel_EqualsTheStoredOrdersWithTypedCells()
    {
        var workbook = await _data.XlsxAsync(ExportKind.Orders);
        var table = ExportReaders.Xlsx(workbook);

        var stored = await _data.OrdersAsync(ExportStore.FirstDay, ExportStore.LastDay);
        Assert.Equal(OrderHeader, table.Header);
        Assert.Equal(stored.Count, table.Rows.Count);
        for (var i = 0; i < stored.Count; i++)
        {
            foreach (var (column, value) in Expected(stored[i]))
            {
                Assert.Equal(XlsxValue(value), Normalise(table.Rows[i][column]));
            }
        }
    }

    [Fact]
    public async Task Orders_WithStoredRefunds_ExportRefundedNetAndCancelled()
    {
        var rows = ExportReaders.Csv(await _data.CsvAsync(ExportKind.Orders)).Rows;

        var refunded = Assert.Single(rows, r => (string?)r["order_number"] == "#2-1");
        Assert.Equal("12.25", refunded["refunded_value"]);
        Assert.Equal(Money(refunded["value"]) - 12.25m, Money(refunded["net_value"]));
        Assert.Equal("true", refunded["cancelled"]);
        Assert.Equal("1", refunded["refund_count"]);
        Assert.All(rows.Where(r => r != refunded), r =>
        {
            Assert.Equal("0", r["refunded_value"]);
            Assert.Equal(r["value"], r["net_value"]);
            Assert.Equal("false", r["cancelled"]);
        });
    }

    [Theory]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.Xlsx)]
    public async Task Orders_FromTo_OnlyThoseDays(ExportFormat format)
    {
        var from = ExportStore.FirstDay.AddDays(1);
        var table = format == ExportFormat.Csv
            ? ExportReaders.Csv(await _data.CsvAsync(ExportKind.Orders, from, ExportStore.LastDay))
            : ExportReaders.Xlsx(await _data.XlsxAsync(ExportKind.Orders, from, ExportStore.LastDay));

        var stored = await _data.OrdersAsync(from, ExportStore.LastDay);
        Assert.Equal(stored.Select(o => o.Order.KlaviyoEventId), table.Rows.Select(r => (string?)r["klaviyo_event_id"]));
        Assert.Equal(4, table.Rows.Count);
    }

    [Fact]
    public async Task Xlsx_EveryKind_HeaderFrozenAndNoCellIsAFormula()
    {
        foreach (var kind in Enum.GetValues<ExportKind>())
        {
            var sheet = ExportReaders.SheetXml(await _data.XlsxAsync(kind));

            var pane = sheet.Descendants(ExportReaders.Name("pane")).Single();
            Assert.Equal("1", (string?)pane.Attribute("ySplit"));
            Assert.Equal("frozen", (string?)pane.Attribute("state"));
            Assert.Empty(sheet.Descendants(ExportReaders.Name("f")));
        }
    }

    [Fact]
    public async Task Xlsx_FormulaLookingText_IsATextCellReadBackUnchanged()
    {
        var workbook = await _data.XlsxAsync(ExportKind.Orders);
        var table = ExportReaders.Xlsx(workbook);
        var sheet = ExportReaders.SheetXml(workbook);

        var column = ExportReaders.Column(table.Header.ToList().IndexOf("customer_first_name"));
        var cells = ExportReaders.Cells(sheet, column);
        Assert.Equal(table.Rows.Count, cells.Count);
        Assert.All(cells, c => Assert.Equal("str", (string?)c.Attribute("t")));
        var names = table.Rows.Select(r => (string?)r["customer_first_name"]).ToList();
        // The seven orders' first names are the first seven texts (= + - @ tab CR full-width =), unchanged: no apostrophe
        // in xlsx, where a text cell never runs. XML reads a carriage return back as a line feed; the cell is text either way.
        Assert.Equal(ExportStore.FormulaText.Take(7).Select(t => t.Replace('\r', '\n')), names);
    }

    [Fact]
    public async Task Csv_FormulaLookingText_GetsAnApostropheInEveryTextColumn()
    {
        var table = ExportReaders.Csv(await _data.CsvAsync(ExportKind.Orders));

        var texts = table.Rows.SelectMany(r => new[] { r["customer_first_name"], r["utm_source"] }).Cast<string>().ToList();
        foreach (var prefix in new[] { "=", "+", "-", "@", "\t", "\r", "\uFF1D" })
        {
            Assert.Contains(texts, t => t.StartsWith("'" + prefix, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(texts, t => t.Length > 0 && t[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\uFF1D');
        // A list cell defuses each value: a spreadsheet that splits it on ';' finds no formula either.
        Assert.All(table.Rows, r => Assert.DoesNotContain(((string)r["discount_codes"]!).Split(';'), v => v.Length > 0 && v[0] is '=' or '+' or '-' or '@'));
    }

    [Theory]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.Xlsx)]
    public async Task Daily_OneRowPerDayAndCurrency_EqualsTheRollupsWithRefundsAndValidation(ExportFormat format)
    {
        var table = format == ExportFormat.Csv
            ? ExportReaders.Csv(await _data.CsvAsync(ExportKind.Daily))
            : ExportReaders.Xlsx(await _data.XlsxAsync(ExportKind.Daily));

        Assert.Equal(
            ["date", "currency", "orders", "gross_revenue", "refunded_revenue", "net_revenue", "average_order_value", "klaviyo_orders",
             "klaviyo_revenue", "validated_at_utc", "match", "partial"],
            table.Header);
        var rollups = await _data.Queries.GetDailyRollupsAsync(ExportStore.Shop, TestContext.Current.CancellationToken);
        var expected = rollups.SelectMany(r => (r.OrdersByCurrency.Count == 0 ? ["USD"] : r.OrdersByCurrency.Keys.OrderBy(c => c == "USD" ? 0 : 1).ToArray())
            .Select(currency => (Rollup: r, Currency: currency))).ToList();
        Assert.Equal(5, expected.Count);
        Assert.Equal(expected.Count, table.Rows.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (rollup, currency) = expected[i];
            var row = table.Rows[i];
            var gross = rollup.Revenue(currency);
            var orders = rollup.OrdersByCurrency.GetValueOrDefault(currency);
            var validatedDay = rollup.Date == ExportStore.FirstDay.AddDays(1);
            var refunded = validatedDay ? 12.25m : 0m;
            Assert.Equal(Cell(rollup.Date, format), Normalise(row["date"]));
            Assert.Equal(currency, row["currency"]);
            Assert.Equal(Cell(orders, format), Normalise(row["orders"]));
            Assert.Equal(Cell(gross, format), Normalise(row["gross_revenue"]));
            Assert.Equal(Cell(refunded, format), Normalise(row["refunded_revenue"]));
            Assert.Equal(Cell(gross - refunded, format), Normalise(row["net_revenue"]));
            Assert.Equal(Cell(orders == 0 ? 0m : Math.Round(gross / orders, 2), format), Normalise(row["average_order_value"]));
            Assert.Equal(validatedDay ? Cell(2L, format) : Empty(format), Normalise(row["klaviyo_orders"]));
            Assert.Equal(validatedDay ? Cell(150m, format) : Empty(format), Normalise(row["klaviyo_revenue"]));
            Assert.Equal(validatedDay ? Cell(ExportStore.ValidatedAt.UtcDateTime, format) : Empty(format), Normalise(row["validated_at_utc"]));
            Assert.Equal(validatedDay ? "matched" : Empty(format), row["match"]);
        }
    }

    [Theory]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.Xlsx)]
    public async Task Campaigns_WholeRange_AreTheStoredRangeStatistics(ExportFormat format)
    {
        var table = format == ExportFormat.Csv
            ? ExportReaders.Csv(await _data.CsvAsync(ExportKind.Campaigns))
            : ExportReaders.Xlsx(await _data.XlsxAsync(ExportKind.Campaigns));

        Assert.Equal(["campaign_id", "name", "status", "channel", "archived", "send_time_utc", .. StatisticsHeader], table.Header);
        var campaigns = (await _data.Queries.GetCampaignsAsync(ExportStore.Shop, TestContext.Current.CancellationToken)).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(campaigns.Select(c => c.Id), table.Rows.Select(r => (string?)r["campaign_id"]));
        for (var i = 0; i < campaigns.Count; i++)
        {
            var row = table.Rows[i];
            Assert.Equal(format == ExportFormat.Csv ? CsvText(campaigns[i].Name) : campaigns[i].Name, row["name"]);
            Assert.Equal(Cell(campaigns[i].Archived, format), Normalise(row["archived"]));
            Assert.Equal(campaigns[i].SendTime is { } sent ? Cell(sent.UtcDateTime, format) : Empty(format), Normalise(row["send_time_utc"]));
            AssertStatistics(campaigns[i].Statistics, ExportStore.FirstDay, ExportStore.LastDay, "range_report", row, format);
        }
    }

    [Theory]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.Xlsx)]
    public async Task Campaigns_PartOfTheRange_AreTheSumOfThoseDays(ExportFormat format)
    {
        var (from, to) = (ExportStore.FirstDay.AddDays(1), ExportStore.FirstDay.AddDays(2));
        var table = format == ExportFormat.Csv
            ? ExportReaders.Csv(await _data.CsvAsync(ExportKind.Campaigns, from, to))
            : ExportReaders.Xlsx(await _data.XlsxAsync(ExportKind.Campaigns, from, to));

        var series = await _data.Queries.GetCampaignSeriesAsync(ExportStore.Shop, "C1", [from, to], TestContext.Current.CancellationToken);
        Assert.Equal(2, series.Count);
        var sum = series[0].Statistics.Add(series[1].Statistics);
        Assert.Equal(ExportStore.CampaignDay(from).Add(ExportStore.CampaignDay(to)), sum);
        AssertStatistics(sum, from, to, "daily_sum", table.Rows.Single(r => (string?)r["campaign_id"] == "C1"), format);
        AssertStatistics(MessageStatistics.Zero, from, to, "daily_sum", table.Rows.Single(r => (string?)r["campaign_id"] == "C2"), format);
    }

    [Theory]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.Xlsx)]
    public async Task Flows_WholeRangeAndPart_RangeReportOrDailySum(ExportFormat format)
    {
        var (from, to) = (ExportStore.FirstDay, ExportStore.FirstDay.AddDays(1));
        var whole = format == ExportFormat.Csv
            ? ExportReaders.Csv(await _data.CsvAsync(ExportKind.Flows))
            : ExportReaders.Xlsx(await _data.XlsxAsync(ExportKind.Flows));
        var part = format == ExportFormat.Csv
            ? ExportReaders.Csv(await _data.CsvAsync(ExportKind.Flows, from, to))
            : ExportReaders.Xlsx(await _data.XlsxAsync(ExportKind.Flows, from, to));

        Assert.Equal(["flow_id", "name", "status", "archived", "trigger_type", "message_count", .. StatisticsHeader], whole.Header);
        var flow = Assert.Single(await _data.Queries.GetFlowsAsync(ExportStore.Shop, TestContext.Current.CancellationToken));
        var row = Assert.Single(whole.Rows);
        Assert.Equal(format == ExportFormat.Csv ? "'@Welcome" : "@Welcome", row["name"]);
        Assert.Equal("List", row["trigger_type"]);
        AssertStatistics(flow.Statistics, ExportStore.FirstDay, ExportStore.LastDay, "range_report", row, format);
        // The flow had no activity on the first day: the sum is the second day's alone.
        AssertStatistics(ExportStore.FlowDay(to), from, to, "daily_sum", Assert.Single(part.Rows), format);
    }

    [Fact]
    public async Task Xlsx_ManyRows_ReachAnAsyncOnlyDestinationInBatches()
    {
        var destination = new AsyncOnlyStream();
        var stored = (await _data.OrdersAsync(ExportStore.FirstDay, ExportStore.LastDay))[0];

        var written = await XlsxExportWriter.WriteAsync(Many(OrderExportRow.From(stored), 20_000), "orders", destination, TestContext.Current.CancellationToken);

        Assert.Equal(20_000, written);
        Assert.True(destination.Writes.Count > 5, $"{destination.Writes.Count} writes");
        Assert.True(destination.Writes.Max() < 1024 * 1024, $"largest write {destination.Writes.Max()} bytes");
        Assert.Equal(20_000, ExportReaders.Xlsx(destination.Received).Rows.Count);
    }

    [Fact]
    public async Task Csv_ToAnAsyncOnlyDestination_Writes()
    {
        var destination = new AsyncOnlyStream();

        var written = await _data.Exporter.WriteAsync(new ExportRequest(ExportStore.Shop, ExportKind.Orders, ExportFormat.Csv), destination, TestContext.Current.CancellationToken);

        Assert.Equal(7, written);
        Assert.Equal(7, ExportReaders.Csv(System.Text.Encoding.UTF8.GetString(destination.Received)).Rows.Count);
    }

    [Fact]
    public void FileName_NamesClientKindRangeAndFormat() =>
        Assert.Equal(
            "export-shop-daily-2025-06-01-to-2025-06-04.xlsx",
            new ExportRequest(ExportStore.Shop, ExportKind.Daily, ExportFormat.Xlsx, ExportStore.FirstDay, ExportStore.LastDay).FileName);

    private static decimal Money(object? cell) => decimal.Parse((string)cell!, CultureInfo.InvariantCulture);

    private static async IAsyncEnumerable<T> Many<T>(T row, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (i % 1000 == 0)
            {
                await Task.Yield();
            }

            yield return row;
        }
    }

    private static void AssertStatistics(MessageStatistics s, DateOnly from, DateOnly to, string source, IReadOnlyDictionary<string, object?> row, ExportFormat format)
    {
        Assert.Equal(Cell(from, format), Normalise(row["from"]));
        Assert.Equal(Cell(to, format), Normalise(row["to"]));
        Assert.Equal(source, row["statistics_source"]);
        var expected = new Dictionary<string, object>
        {
            ["recipients"] = s.Recipients, ["delivered"] = s.Delivered, ["opens"] = s.Opens, ["opens_unique"] = s.OpensUnique, ["clicks"] = s.Clicks,
            ["clicks_unique"] = s.ClicksUnique, ["conversions"] = s.Conversions, ["conversion_uniques"] = s.ConversionUniques,
            ["conversion_value"] = s.ConversionValue, ["unsubscribes"] = s.Unsubscribes, ["bounced"] = s.Bounced, ["spam_complaints"] = s.SpamComplaints,
            ["open_rate"] = s.OpenRate, ["click_rate"] = s.ClickRate, ["conversion_rate"] = s.ConversionRate, ["revenue_per_recipient"] = s.RevenuePerRecipient,
        };
        foreach (var (column, value) in expected)
        {
            Assert.Equal(Cell(value, format), Normalise(row[column]));
        }
    }

    /// <summary>What each column holds for an order, as the stored order says (the test's own reading of it).</summary>
    private static Dictionary<string, object?> Expected(StoredOrder stored)
    {
        var o = stored.Order;
        return new Dictionary<string, object?>
        {
            ["klaviyo_event_id"] = o.KlaviyoEventId, ["order_id"] = o.OrderId, ["order_number"] = o.OrderNumber,
            ["placed_at_utc"] = o.PlacedAtUtc.UtcDateTime, ["date"] = o.LocalDate, ["value"] = o.Value, ["currency"] = o.Currency,
            ["refunded_value"] = stored.Refunds.RefundedValue, ["net_value"] = stored.Refunds.NetValue, ["cancelled"] = stored.Refunds.Cancelled,
            ["refund_count"] = (long)stored.Refunds.RefundCount, ["subtotal"] = o.Subtotal, ["tax"] = o.Tax, ["total_discount"] = o.TotalDiscount,
            ["discount_codes"] = new List<string>(o.DiscountCodes), ["shipping_method"] = o.ShippingMethod, ["shipping_amount"] = o.ShippingAmount,
            ["item_count"] = (long)o.ItemCount,
            ["line_items"] = o.LineItems.Select(l => $"{l.Quantity}x {l.Name} [{l.Sku}]").ToList(),
            ["categories"] = new List<string>(o.Categories), ["brands"] = new List<string>(o.Brands),
            ["customer_email"] = o.Customer.Email, ["customer_first_name"] = o.Customer.FirstName, ["customer_last_name"] = o.Customer.LastName,
            ["city"] = o.Customer.City, ["region"] = o.Customer.Region, ["country"] = o.Customer.Country, ["zip"] = o.Customer.Zip,
            ["utm_source"] = o.Utm.Source, ["utm_medium"] = o.Utm.Medium, ["utm_campaign"] = o.Utm.Campaign, ["utm_term"] = o.Utm.Term,
            ["utm_content"] = o.Utm.Content,
            ["attribution"] = o.Attribution is null ? null : o.Attribution.Kind == OrderAttributionKind.Flow ? "flow" : "campaign",
            ["attributed_campaign_id"] = o.Attribution?.CampaignId, ["attributed_flow_id"] = o.Attribution?.FlowId, ["source_name"] = o.SourceName,
        };
    }

    private static string Empty(ExportFormat format) => format == ExportFormat.Csv ? "" : null!;

    private static object? Cell(object? value, ExportFormat format) => format == ExportFormat.Csv ? CsvText(value) : XlsxValue(value);

    /// <summary>
    /// How a value reads back from CSV: text that starts like a formula (= + - @ or their full-width forms, tab, carriage
    /// return) with an apostrophe in front; lists joined by ';', each value so defused; numbers and times invariant.
    /// </summary>
    private static string CsvText(object? value) => value switch
    {
        null => "",
        string text => Defuse(text),
        List<string> list => string.Join(';', list.Select(Defuse)),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        _ => throw new ArgumentException(value.GetType().Name),
    };

    private static string Defuse(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFF20' ? "'" + text : text;

    /// <summary>
    /// How a value reads back from xlsx: numbers as numbers (compared as decimals), dates and times as dates, text as
    /// it was (a carriage return reads back as a line feed: XML's line-end rule, the cell is text either way).
    /// </summary>
    private static object? XlsxValue(object? value) => value switch
    {
        null => null,
        string text => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'),
        List<string> list => XlsxValue(string.Join(';', list)),
        decimal d => d,
        long l => (decimal)l,
        double d => (decimal)d,
        bool b => b,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Unspecified),
        _ => throw new ArgumentException(value.GetType().Name),
    };

    private static object? Normalise(object? read) => read switch
    {
        double d => Math.Round((decimal)d, 6),
        DateTime t => new DateTime(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified).AddSeconds(t.Millisecond >= 500 ? 1 : 0),
        _ => read,
    };
}
