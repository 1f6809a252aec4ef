using System.Diagnostics;
using System.Net;
using Backfill.KlaviyoSandbox;
using Backfill.Services.Klaviyo;
using Backfill.Services.Orders;

namespace Backfill.Tests.Klaviyo.Client;

/// <summary>The client over real HTTP against the Klaviyo sandbox.</summary>
public sealed class KlaviyoClientSandboxTests
{
    private const string Rogue = "rogue-creamery";
    private const string Northloop = "northloop-outfitters";
    private const string Alder = "alder-and-ash";

    private static readonly DateTimeOffset March = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetAccountAsync_Sandbox_ReturnsTimezoneAndCurrency()
    {
        await using var host = await SandboxClientHost.StartAsync();

        var account = await host.Client(Rogue).GetAccountAsync(Token);

        Assert.NotNull(TimeZoneInfo.FindSystemTimeZoneById(account.TimeZone));
        Assert.Matches("^[A-Z]{3}$", account.Currency);
    }

    [Fact]
    public async Task FindPlacedOrderMetricAsync_TwoPlacedOrderMetrics_PrefersShopifyUnlessConfigured()
    {
        await using var host = await SandboxClientHost.StartAsync();
        var client = host.Client(Rogue);
        var placedOrders = await client.GetMetricsAsync(Token).Where(m => m.Name == "Placed Order").ToListAsync(Token);

        var chosen = await client.FindPlacedOrderMetricAsync(null, Token);
        var other = placedOrders.Single(m => m.Id != chosen!.Id);
        var configured = await client.FindPlacedOrderMetricAsync(other.Id, Token);

        Assert.Equal(2, placedOrders.Count);
        Assert.Equal("Shopify", chosen!.IntegrationName);
        Assert.Equal(other, configured);
    }

    [Fact]
    public async Task GetMetricsAsync_ListsOncePerClient_AndAFreshClientListsAgain()
    {
        await using var host = await SandboxClientHost.StartAsync();
        var client = host.Client(Rogue);

        var listed = await client.GetMetricsAsync(Token).ToListAsync(Token);
        var placedOrder = await client.FindPlacedOrderMetricAsync(null, Token);
        var again = await client.GetMetricsAsync(Token).ToListAsync(Token);
        var fresh = host.Client(Rogue);
        var freshListed = await fresh.GetMetricsAsync(Token).ToListAsync(Token);

        Assert.Equal(1, client.Statistics.Requests);
        Assert.Equal(listed, again);
        Assert.Contains(placedOrder!, listed);
        Assert.Equal(1, fresh.Statistics.Requests);
        Assert.Equal(listed, freshListed);
    }

    [Fact]
    public async Task GetSparseEventsAsync_ARefreshsRefundWindow_CostsItsPagesOnly_WithTheOrderedStreamsEvents()
    {
        await using var host = await SandboxClientHost.StartAsync();
        var (from, to) = (March, March.AddDays(67));
        var sparseClient = host.Client(Northloop);
        var refunded = await sparseClient.GetMetricsAsync(Token).SingleAsync(m => m.Name == "Refunded Order", Token);
        var sequentialClient = host.Client(Northloop);
        await sequentialClient.GetMetricsAsync(Token).ToListAsync(Token);

        var sparse = await sparseClient.GetSparseEventsAsync(refunded.Id, from, to, parallelism: 4, Token).ToListAsync(Token);
        var sequential = await sequentialClient.GetPlacedOrderEventsAsync(refunded.Id, from, to, Token).ToListAsync(Token);

        Assert.NotEmpty(sequential);
        Assert.Equal(sequential.Select(e => e.Id), sparse.Select(e => e.Id));
        // The metrics listing plus the stream's own pages, as when read in one piece.
        Assert.Equal(sequentialClient.Statistics.Requests, sparseClient.Statistics.Requests);
    }

    [Fact]
    public async Task GetCampaignsAsync_Sandbox_ListsEveryChannelWithMessages()
    {
        await using var host = await SandboxClientHost.StartAsync();

        var campaigns = await host.Client(Northloop).GetCampaignsAsync(Token).ToListAsync(Token);

        Assert.NotEmpty(campaigns);
        Assert.Equal(campaigns.Count, campaigns.Select(c => c.Id).Distinct().Count());
        Assert.Contains(campaigns, c => c.Channel == "email");
        Assert.Contains(campaigns, c => c.Channel == "sms");
        Assert.All(campaigns, c => Assert.NotEmpty(c.Messages));
        Assert.All(campaigns, c => Assert.All(c.Messages, m => Assert.Equal(c.Channel, m.Channel)));
    }

    [Fact]
    public async Task GetFlowsAsync_Sandbox_IncludesArchived()
    {
        await using var host = await SandboxClientHost.StartAsync();

        var flows = await host.Client(Northloop).GetFlowsAsync(Token).ToListAsync(Token);

        Assert.NotEmpty(flows);
        Assert.Equal(flows.Count, flows.Select(f => f.Id).Distinct().Count());
        Assert.Contains(flows, f => f.Archived);
        Assert.Contains(flows, f => !f.Archived);
    }

    [Fact]
    public async Task GetPlacedOrderEventsAsync_OneMonth_PagesToTheEndInOrderAndMatchesAggregates()
    {
        await using var host = await SandboxClientHost.StartAsync();
        var client = host.Client(Northloop);
        var metric = await client.FindPlacedOrderMetricAsync(null, Token);
        var account = await client.GetAccountAsync(Token);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(account.TimeZone);

        var events = await client.GetPlacedOrderEventsAsync(metric!.Id, March, March.AddMonths(1), Token).ToListAsync(Token);
        var aggregate = await client.QueryMetricAggregatesAsync(
            new KlaviyoAggregateQuery(metric.Id, new DateTime(2026, 3, 1), new DateTime(2026, 4, 1), "UTC"), Token);
        var orders = events.Select(e => OrderExtractor.Extract(e.Resource, e.Profile, e.Attributions, zone, account.Currency)).ToList();

        Assert.True(events.Count > 1000, $"expected several pages, got {events.Count} events");
        Assert.Equal(events.OrderBy(e => e.Datetime).Select(e => e.Id), events.Select(e => e.Id));
        Assert.All(events, e => Assert.InRange(e.Datetime, March, March.AddMonths(1).AddTicks(-1)));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.Equal((decimal)events.Count, aggregate.Rows.Single().Measurements["count"].Sum());
        Assert.All(orders, o => Assert.True(o.IsOrder, o.SkipReason));
        Assert.Equal(aggregate.Rows.Single().Measurements["sum_value"].Sum() ?? 0, orders.Sum(o => o.Order!.Value), 2);
        Assert.Contains(orders, o => o.Order!.LineItems.Count > 0 && o.Order.Customer.Email is not null);
    }

    [Fact]
    public async Task GetEventsInParallelSlicesAsync_Sandbox_YieldsTheSameEventsInTheSameOrder()
    {
        await using var host = await SandboxClientHost.StartAsync(o => o.RateLimitsEnabled = false);
        var client = host.Client(Northloop);
        var metric = await client.FindPlacedOrderMetricAsync(null, Token);
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

        var sequentialClock = Stopwatch.StartNew();
        var sequential = await client.GetPlacedOrderEventsAsync(metric!.Id, from, to, Token).Select(e => e.Id).ToListAsync(Token);
        sequentialClock.Stop();
        var parallelClock = Stopwatch.StartNew();
        // Two workers: four months (about 40 pages) are enough pages a worker to be cut into slices after the first page.
        var slicedClient = host.Client(Northloop);
        var parallel = await slicedClient.GetEventsInParallelSlicesAsync(metric.Id, from, to, 2, Token).Select(e => e.Id).ToListAsync(Token);
        parallelClock.Stop();

        Assert.Equal(sequential, parallel);
        Assert.True(slicedClient.Statistics.Requests > Math.Ceiling(sequential.Count / 1000.0), $"expected slices, saw {slicedClient.Statistics}");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{sequential.Count} events: sequential {sequentialClock.Elapsed.TotalSeconds:F1}s ({Math.Ceiling(sequential.Count / 1000.0) / sequentialClock.Elapsed.TotalSeconds:F1} pages/s), 2 parallel slices {parallelClock.Elapsed.TotalSeconds:F1}s");
    }

    [Theory]
    [InlineData(Alder, 30)]
    [InlineData(Northloop, 7)]
    public async Task GetEventsInParallelSlicesAsync_AStreamOfFewPages_CostsItsPagesOnly(string account, int days)
    {
        await using var host = await SandboxClientHost.StartAsync(o => o.RateLimitsEnabled = false);
        var metric = await host.Client(account).FindPlacedOrderMetricAsync(null, Token);
        var (from, to) = (March, March.AddDays(days));
        var sequentialClient = host.Client(account);
        var slicedClient = host.Client(account);

        var sequential = await sequentialClient.GetPlacedOrderEventsAsync(metric!.Id, from, to, Token).Select(e => e.Id).ToListAsync(Token);
        var sliced = await slicedClient.GetEventsInParallelSlicesAsync(metric.Id, from, to, 4, Token).Select(e => e.Id).ToListAsync(Token);

        Assert.NotEmpty(sequential);
        Assert.Equal(sequential, sliced);
        Assert.Equal(sequentialClient.Statistics.Requests, slicedClient.Statistics.Requests);
    }

    /// <summary>
    /// A week of a large account (a refresh: a few pages after the first) is read one page ahead, so Klaviyo sends the next
    /// page while this one's events are read; a month (more pages) holds one page at a time. Either way every page is
    /// requested once, and a reader that stops early leaves nothing running.
    /// </summary>
    [Theory]
    [InlineData(7, 3)]
    [InlineData(30, 2)]
    public async Task GetEventsInParallelSlicesAsync_AShortStream_RequestsTheNextPageWhileThisOneIsRead(int days, int requestsOnTheSecondPage)
    {
        await using var host = await SandboxClientHost.StartAsync(o => o.RateLimitsEnabled = false);
        var metric = await host.Client(Northloop).FindPlacedOrderMetricAsync(null, Token);
        var client = host.Client(Northloop);

        await using (var events = client.GetEventsInParallelSlicesAsync(metric!.Id, March, March.AddDays(days), 4, Token).GetAsyncEnumerator(Token))
        {
            // The first page (read alone, 1,000 events), then the first event of the second.
            for (var i = 0; i <= 1000; i++)
            {
                Assert.True(await events.MoveNextAsync());
            }

            var waited = Stopwatch.StartNew();
            while (client.Statistics.Requests < requestsOnTheSecondPage + 1 && waited.Elapsed < TimeSpan.FromSeconds(1))
            {
                await Task.Delay(20, Token);
            }

            Assert.Equal(requestsOnTheSecondPage, client.Statistics.Requests);
        }

        var whole = host.Client(Northloop);
        var read = await whole.GetEventsInParallelSlicesAsync(metric.Id, March, March.AddDays(days), 4, Token).CountAsync(Token);
        var sequential = host.Client(Northloop);
        Assert.Equal(await sequential.GetPlacedOrderEventsAsync(metric.Id, March, March.AddDays(days), Token).CountAsync(Token), read);
        Assert.Equal(sequential.Statistics.Requests, whole.Statistics.Requests);
    }

    [Fact]
    public async Task GetPlacedOrderEventsAsync_CustomIntegrationAccount_ExtractsItems()
    {
        await using var host = await SandboxClientHost.StartAsync();
        var client = host.Client(Alder);
        var metric = await client.FindPlacedOrderMetricAsync(null, Token);

        var events = await client.GetPlacedOrderEventsAsync(metric!.Id, March, March.AddMonths(1), Token).ToListAsync(Token);
        var orders = events.Select(e => OrderExtractor.Extract(e.Resource, e.Profile, e.Attributions, TimeZoneInfo.Utc, "USD")).ToList();

        Assert.NotEmpty(orders);
        Assert.All(orders, o => Assert.True(o.IsOrder, o.SkipReason));
        Assert.All(orders, o => Assert.NotEmpty(o.Order!.LineItems));
        Assert.All(orders, o => Assert.All(o.Order!.LineItems, i => Assert.NotNull(i.Quantity)));
    }

    [Fact]
    public async Task ReportQueries_Sandbox_ReturnValuesAndStitchedDailySeries()
    {
        await using var host = await SandboxClientHost.StartAsync(
            o => o.RateLimitsEnabled = false,
            o => o.Limits["flow-series-reports"] = new KlaviyoBucketLimitOverride { Steady = 0 });
        var client = host.Client(Rogue);
        var metric = await client.FindPlacedOrderMetricAsync(null, Token);
        var statistics = new[] { "recipients", "conversions", "conversion_value" };
        var year = new KlaviyoTimeframe(new DateTime(2025, 7, 1), new DateTime(2026, 7, 1));

        var clock = Stopwatch.StartNew();
        var campaigns = await client.QueryCampaignValuesAsync(new KlaviyoValuesQuery(statistics, year, metric!.Id), Token);
        TestContext.Current.TestOutputHelper?.WriteLine($"campaign values {clock.Elapsed.TotalSeconds:F1}s");
        var flows = await client.QueryFlowValuesAsync(new KlaviyoValuesQuery(statistics, year, metric.Id), Token);
        TestContext.Current.TestOutputHelper?.WriteLine($"flow values {clock.Elapsed.TotalSeconds:F1}s");
        var series = await client.QueryFlowSeriesAsync(
            new KlaviyoSeriesQuery(statistics, new KlaviyoTimeframe(new DateTime(2026, 1, 1), new DateTime(2026, 6, 1)), metric.Id), Token);
        TestContext.Current.TestOutputHelper?.WriteLine($"flow series {clock.Elapsed.TotalSeconds:F1}s");

        Assert.NotEmpty(campaigns.Results);
        Assert.All(campaigns.Results, r => Assert.NotNull(r.Groupings["campaign_id"]));
        Assert.NotEmpty(flows.Results);
        Assert.Equal(151, series.BucketStarts.Count);
        Assert.Equal(series.BucketStarts.Distinct().Count(), series.BucketStarts.Count);
        Assert.All(series.Results, r => Assert.Equal(151, r.Statistics["recipients"].Count));
        Assert.Equal(1 + 1 + 1 + 3, client.Statistics.Requests);
    }

    [Fact]
    public async Task QueryMetricAggregatesAsync_ByAttributedMessage_SplitsRows()
    {
        await using var host = await SandboxClientHost.StartAsync();
        var client = host.Client(Rogue);
        var metric = await client.FindPlacedOrderMetricAsync(null, Token);

        var total = await client.QueryMetricAggregatesAsync(
            new KlaviyoAggregateQuery(metric!.Id, new DateTime(2026, 3, 1), new DateTime(2026, 3, 8), "America/Los_Angeles"), Token);
        var byMessage = await client.QueryMetricAggregatesAsync(
            new KlaviyoAggregateQuery(metric.Id, new DateTime(2026, 3, 1), new DateTime(2026, 3, 8), "America/Los_Angeles", By: ["$attributed_message"]), Token);

        Assert.Equal(7, total.BucketStarts.Count);
        Assert.True(byMessage.Rows.Count > 1);
        Assert.Equal(total.Rows.Single().Measurements["count"].Sum(), byMessage.Rows.Sum(r => r.Measurements["count"].Sum()));
    }

    [Fact]
    public async Task QueryFlowSeriesAndMetricAggregates_EitherDateLabelStyle_GiveTheSameDaysAndNumbers()
    {
        await using var utc = await SandboxClientHost.StartAsync(o => { o.RateLimitsEnabled = false; o.DateLabels = SandboxDateLabels.Utc; });
        await using var local = await SandboxClientHost.StartAsync(o => { o.RateLimitsEnabled = false; o.DateLabels = SandboxDateLabels.Local; });
        var metric = (await utc.Client(Rogue).FindPlacedOrderMetricAsync(null, Token))!.Id;
        // Los Angeles springs forward on 2026-03-08.
        var series = new KlaviyoSeriesQuery(["recipients", "conversions"], new KlaviyoTimeframe(new DateTime(2026, 3, 1), new DateTime(2026, 3, 15)), metric);
        var aggregate = new KlaviyoAggregateQuery(metric, new DateTime(2026, 3, 1), new DateTime(2026, 3, 15), "America/Los_Angeles", By: ["$attributed_message"]);
        var days = Enumerable.Range(0, 14).Select(d => new DateOnly(2026, 3, 1).AddDays(d)).ToList();

        var utcSeries = await utc.Client(Rogue).QueryFlowSeriesAsync(series, Token);
        var localSeries = await local.Client(Rogue).QueryFlowSeriesAsync(series, Token);
        var utcAggregate = await utc.Client(Rogue).QueryMetricAggregatesAsync(aggregate, Token);
        var localAggregate = await local.Client(Rogue).QueryMetricAggregatesAsync(aggregate, Token);

        Assert.Equal(days, Enumerable.Range(0, utcSeries.BucketStarts.Count).Select(utcSeries.Day));
        Assert.Equal(days, Enumerable.Range(0, localSeries.BucketStarts.Count).Select(localSeries.Day));
        Assert.Equal(days, Enumerable.Range(0, utcAggregate.BucketStarts.Count).Select(utcAggregate.Day));
        Assert.Equal(days, Enumerable.Range(0, localAggregate.BucketStarts.Count).Select(localAggregate.Day));
        Assert.Equal(utcSeries.Results.Select(r => r.Groupings["flow_message_id"]), localSeries.Results.Select(r => r.Groupings["flow_message_id"]));
        Assert.Equal(
            utcSeries.Results.SelectMany(r => r.Statistics["recipients"].Concat(r.Statistics["conversions"])),
            localSeries.Results.SelectMany(r => r.Statistics["recipients"].Concat(r.Statistics["conversions"])));
        Assert.Equal(
            utcAggregate.Rows.SelectMany(r => r.Measurements["count"]),
            localAggregate.Rows.SelectMany(r => r.Measurements["count"]));
        Assert.Contains(utcSeries.Results, r => r.Statistics["recipients"].Sum() > 0);
    }

    /// <summary>
    /// The sandbox allows <paramref name="steady"/> account calls per 2 s; the client's own limiter is off for them.
    /// Accounts, not metrics: a client lists metrics once, so repeated metric calls no longer reach Klaviyo.
    /// </summary>
    private static Task<SandboxClientHost> StartWithShrunkAccountsLimitAsync(int steady) =>
        SandboxClientHost.StartAsync(o =>
        {
            o.SteadyWindow = TimeSpan.FromSeconds(2);
            // Metrics' burst (10/s) as before, so only the steady window binds.
            o.RateLimits["accounts"] = new SandboxRateLimitOverride { Burst = 10, Steady = steady };
        }, o => o.Limits["accounts"] = new KlaviyoBucketLimitOverride { Burst = 0, Steady = 0 });

    [Fact]
    public async Task Send_ConcurrentCallsBeyondSandboxLimit_WaitRetryAfterAndCountThe429s()
    {
        await using var host = await StartWithShrunkAccountsLimitAsync(steady: 1);
        var client = host.Client(Rogue);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.GetAccountAsync(Token)));

        Assert.All(results, a => Assert.NotEmpty(a.Id));
        // However the four land across at most two windows, at least two of them are refused.
        Assert.True(client.Statistics.Throttled >= 2, $"expected 429s, saw {client.Statistics}");
        Assert.Equal(4 + client.Statistics.Throttled, client.Statistics.Requests);
    }

    [Fact]
    public async Task Send_SequentialCallsBeyondSandboxLimit_SlowDownOnRateLimitHeadersWithout429()
    {
        await using var host = await StartWithShrunkAccountsLimitAsync(steady: 2);
        var client = host.Client(Rogue);

        for (var i = 0; i < 4; i++)
        {
            Assert.NotEmpty((await client.GetAccountAsync(Token)).Id);
        }

        Assert.Equal(new KlaviyoClientStatistics(4, 0), client.Statistics);
    }

    [Fact]
    public async Task Send_InjectedServerErrors_AreRetriedUntilThePagingCompletes()
    {
        await using var host = await SandboxClientHost.StartAsync(o =>
        {
            o.RateLimitsEnabled = false;
            o.Faults[Northloop] = new SandboxFaultSettings { ErrorRate = 0.3, ErrorStatus = 503 };
        });
        var client = host.Client(Northloop);
        var metric = await client.FindPlacedOrderMetricAsync(null, Token);

        var events = await client.GetPlacedOrderEventsAsync(metric!.Id, March, March.AddMonths(2), Token).ToListAsync(Token);

        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.True(client.Statistics.Requests > Math.Ceiling(events.Count / 1000.0) + 1, $"expected retries, saw {client.Statistics}");
    }

    [Fact]
    public async Task Send_RevokedKey_ThrowsAuthErrorWithoutTheKey()
    {
        await using var host = await SandboxClientHost.StartAsync(o => o.Faults[Alder] = new SandboxFaultSettings { RevokedKey = true });

        var error = await Assert.ThrowsAsync<KlaviyoAuthException>(() => host.Client(Alder).GetAccountAsync(Token));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.DoesNotContain("pk_sandbox", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(Alder, error.AccountLabel);
    }

    [Fact]
    public async Task Send_UnknownKey_ThrowsAuthError()
    {
        await using var host = await SandboxClientHost.StartAsync();

        var error = await Assert.ThrowsAsync<KlaviyoAuthException>(() => host.Client("no-such-account").GetAccountAsync(Token));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.DoesNotContain("pk_sandbox_no-such-account", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_DailyReportingCapSpent_ThrowsRateLimitedWithRetryAt()
    {
        await using var host = await SandboxClientHost.StartAsync(o => o.Faults[Rogue] = new SandboxFaultSettings { ReportingDailyCap = 1 });
        var client = host.Client(Rogue);
        var metric = await client.FindPlacedOrderMetricAsync(null, Token);
        var query = new KlaviyoValuesQuery(["conversions"], new KlaviyoTimeframe(new DateTime(2026, 1, 1), new DateTime(2026, 2, 1)), metric!.Id);
        await client.QueryCampaignValuesAsync(query, Token);

        var error = await Assert.ThrowsAsync<KlaviyoRateLimitedException>(() => client.QueryCampaignValuesAsync(query, Token));

        Assert.Equal("campaign-values-reports", error.Bucket);
        Assert.True(error.RetryAt > DateTimeOffset.UtcNow.AddMinutes(2), $"RetryAt {error.RetryAt:O}");
        Assert.Contains("rate limited until", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_HtmlForbidden_ThrowsClearNonJsonError()
    {
        await using var host = await SandboxClientHost.StartAsync(o => o.Faults[Rogue] = new SandboxFaultSettings { Html403Requests = 1 });

        var error = await Assert.ThrowsAsync<KlaviyoApiException>(() => host.Client(Rogue).GetAccountAsync(Token));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains("non-JSON body (text/html)", error.Message, StringComparison.Ordinal);
    }
}
