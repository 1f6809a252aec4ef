using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text.Json;
using Backfill.KlaviyoSandbox;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.KlaviyoSandbox;

public sealed class SandboxGeneratedAccountsTests
{
    private const int Count = 12;
    private const long Seed = 16;

    private static readonly SandboxGeneratedAccountsOptions Fleet = new() { Count = Count, Seed = Seed };

    private static void FleetSandbox(SandboxOptions o)
    {
        o.RateLimitsEnabled = false;
        o.GeneratedAccounts.Count = Count;
        o.GeneratedAccounts.Seed = Seed;
    }

    [Fact]
    public void Describe_TwelveAccounts_HasTwoNorthloopSizedAndVariedSmallerOnes()
    {
        var accounts = SandboxGeneratedAccounts.Describe(Fleet);

        Assert.Equal(Enumerable.Range(1, Count).Select(n => $"gen-{n:D4}"), accounts.Select(a => a.Slug));
        Assert.All(accounts, a => Assert.Equal("pk_sandbox_" + a.Slug, a.ApiKey));
        var large = accounts.Where(a => a.Size == SandboxGeneratedAccountSize.Large).ToList();
        Assert.Equal(2, large.Count);
        Assert.All(large, a => Assert.Equal(300, a.OrdersPerDay));
        var others = accounts.Except(large).ToList();
        Assert.All(others, a => Assert.InRange(a.OrdersPerDay, 1, 80));
        Assert.True(others.Count(a => a.Size == SandboxGeneratedAccountSize.Small) > others.Count / 2);
        Assert.True(others.Select(a => a.OrdersPerDay).Distinct().Count() >= 8);
        Assert.True(accounts.Select(a => a.TimeZoneId).Distinct().Count() >= 4, string.Join(", ", accounts.Select(a => a.TimeZoneId)));
        Assert.True(accounts.Select(a => a.Currency).Distinct().Count() >= 2, string.Join(", ", accounts.Select(a => a.Currency)));
        Assert.Equal(Count, accounts.Select(a => a.Name).Distinct().Count());
    }

    [Fact]
    public void Describe_SameSeedGivesTheSameAccounts_AnotherSeedOthers()
    {
        var first = SandboxGeneratedAccounts.Describe(Fleet);
        var again = SandboxGeneratedAccounts.Describe(new SandboxGeneratedAccountsOptions { Count = Count, Seed = Seed });
        var other = SandboxGeneratedAccounts.Describe(new SandboxGeneratedAccountsOptions { Count = Count, Seed = Seed + 1 });

        Assert.Equal(first, again);
        Assert.NotEqual(first.Select(a => (a.Name, a.TimeZoneId, a.OrdersPerDay)), other.Select(a => (a.Name, a.TimeZoneId, a.OrdersPerDay)));
        Assert.Equal(first.Select(a => a.Slug), other.Select(a => a.Slug));
    }

    [Fact]
    public void LargeCount_DefaultsToAFewAndCanBeSet()
    {
        Assert.Equal(0, new SandboxGeneratedAccountsOptions { Count = 5 }.EffectiveLargeCount);
        Assert.Equal(2, new SandboxGeneratedAccountsOptions { Count = 12 }.EffectiveLargeCount);
        Assert.Equal(7, new SandboxGeneratedAccountsOptions { Count = 500 }.EffectiveLargeCount);
        Assert.DoesNotContain(SandboxGeneratedAccounts.Describe(new SandboxGeneratedAccountsOptions { Count = 12, LargeCount = 0 }),
            a => a.Size == SandboxGeneratedAccountSize.Large);
        Assert.Equal(5, SandboxGeneratedAccounts.Describe(new SandboxGeneratedAccountsOptions { Count = 12, LargeCount = 5 })
            .Count(a => a.Size == SandboxGeneratedAccountSize.Large));
    }

    [Fact]
    public async Task Responses_SameSeed_AreByteIdenticalOnEveryEndpoint()
    {
        var accounts = SandboxGeneratedAccounts.Describe(Fleet);
        var slugs = new[] { accounts.First(a => a.Size == SandboxGeneratedAccountSize.Large).Slug, accounts.First(a => a.Size != SandboxGeneratedAccountSize.Large).Slug };

        var first = await BodiesAsync(slugs);
        var second = await BodiesAsync(slugs);

        Assert.Equal(first, second);
        Assert.NotEqual(first[0], first[first.Count / 2]);
    }

    [Fact]
    public async Task Accounts_ReportTheirOwnTimezoneCurrencyAndSize()
    {
        var accounts = SandboxGeneratedAccounts.Describe(Fleet);
        await using var server = await SandboxServer.StartAsync(FleetSandbox, cancellationToken: TestContext.Current.CancellationToken);
        var june = new Dictionary<string, long>();

        foreach (var account in accounts)
        {
            var attributes = (await server.GetJsonAsync("api/accounts", account.ApiKey)).GetProperty("data")[0].GetProperty("attributes");
            Assert.Equal(account.TimeZoneId, attributes.GetProperty("timezone").GetString());
            Assert.Equal(account.Currency, attributes.GetProperty("preferred_currency").GetString());
            june[account.Slug] = await OrdersInJuneAsync(server, account.ApiKey);
        }

        foreach (var account in accounts)
        {
            // June's month and weekday factors stay within 0.75–1.2 of the mean; Poisson noise is small beside it.
            var expected = account.OrdersPerDay * 30;
            Assert.InRange(june[account.Slug], (long)(expected * 0.6) - 10, (long)(expected * 1.4) + 10);
        }

        var largest = accounts.Where(a => a.Size == SandboxGeneratedAccountSize.Large).Min(a => june[a.Slug]);
        Assert.All(accounts.Where(a => a.Size != SandboxGeneratedAccountSize.Large), a => Assert.True(june[a.Slug] * 2 < largest, $"{a.Slug}: {june[a.Slug]}"));
    }

    [Fact]
    public async Task Keys_OfGeneratedAccounts_AreKnownOnlyWithinTheCount()
    {
        await using var fleet = await SandboxServer.StartAsync(FleetSandbox, cancellationToken: TestContext.Current.CancellationToken);
        await using var none = await SandboxServer.StartAsync(o => o.RateLimitsEnabled = false, cancellationToken: TestContext.Current.CancellationToken);

        using var last = await fleet.GetAsync("api/accounts", "pk_sandbox_gen-0012", TestContext.Current.CancellationToken);
        using var beyond = await fleet.GetAsync("api/accounts", "pk_sandbox_gen-0013", TestContext.Current.CancellationToken);
        using var fixedOne = await fleet.GetAsync("api/accounts", SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);
        using var unconfigured = await none.GetAsync("api/accounts", "pk_sandbox_gen-0001", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, beyond.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fixedOne.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unconfigured.StatusCode);
    }

    [Fact]
    public async Task ControlEndpoints_ActOnAGeneratedAccountAlone()
    {
        await using var server = await SandboxServer.StartAsync(FleetSandbox, cancellationToken: TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;

        using (var set = await server.Client.PostAsync("_control/faults", SandboxRateLimitTests.Json("{\"account\":\"gen-0003\",\"error_rate\":1,\"error_status\":503}"), ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        }
        using (var failing = await server.GetAsync("api/metrics", "pk_sandbox_gen-0003", ct))
        using (var neighbour = await server.GetAsync("api/metrics", "pk_sandbox_gen-0004", ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failing.StatusCode);
            Assert.Equal(HttpStatusCode.OK, neighbour.StatusCode);
        }
        using (var unknown = await server.Client.PostAsync("_control/faults", SandboxRateLimitTests.Json("{\"account\":\"gen-0013\",\"error_rate\":1}"), ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        }
        using (var reset = await server.Client.DeleteAsync("_control/faults", ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        }

        var key = "pk_sandbox_gen-0004";
        var before = await OrdersAroundTwentiethAsync(server, key);
        var report = await SandboxChangesTests.PostChangesAsync(server, "{\"account\":\"gen-0004\",\"add_orders\":[{\"date\":\"2026-06-20\",\"count\":5}]}");
        Assert.Equal("gen-0004", report.GetProperty("account").GetString());
        Assert.Equal(before + 5, await OrdersAroundTwentiethAsync(server, key));

        using var refused = await server.Client.PostAsync("_control/changes", SandboxRateLimitTests.Json("{\"account\":\"gen-0013\",\"update_campaigns\":1}"), ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("gen-0001 … gen-0012", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        using var undo = await server.Client.DeleteAsync("_control/changes?account=gen-0004", ct);
        Assert.Equal(HttpStatusCode.NoContent, undo.StatusCode);
        Assert.Equal(before, await OrdersAroundTwentiethAsync(server, key));
    }

    [Fact]
    public void Options_AccountKeysForAGeneratedSlug_AreValidOnlyWithinTheCount()
    {
        var options = new SandboxOptions();
        options.GeneratedAccounts.Count = 3;
        options.AccountKeys["gen-0003"] = "pk_custom_three";
        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));

        options.AccountKeys["gen-0004"] = "pk_custom_four";
        var errors = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.ErrorMessage!.Contains("gen-0004", StringComparison.Ordinal));

        var tooMany = new SandboxOptions();
        tooMany.GeneratedAccounts.Count = 3;
        tooMany.GeneratedAccounts.LargeCount = 4;
        Assert.False(Validator.TryValidateObject(tooMany, new ValidationContext(tooMany), [], validateAllProperties: true));
    }

    private static async Task<List<string>> BodiesAsync(IEnumerable<string> slugs)
    {
        await using var server = await SandboxServer.StartAsync(FleetSandbox, cancellationToken: TestContext.Current.CancellationToken);
        var bodies = new List<string>();
        foreach (var slug in slugs)
        {
            var key = SandboxServer.KeyFor(slug);
            foreach (var url in new[]
            {
                "api/accounts", "api/metrics", "api/campaigns?filter=equals(messages.channel,'email')&include=campaign-messages,tags",
                "api/flows?include=flow-actions",
                "api/events?filter=greater-or-equal(datetime,2026-06-01T00:00:00Z)&page[size]=200&include=profile,attributions",
            })
            {
                using var response = await server.GetAsync(url, key, TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                bodies.Add((await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Replace(server.BaseAddress.ToString(), "{base}/", StringComparison.Ordinal));
            }

            var metric = await PlacedOrderMetricAsync(server, key);
            using var report = await server.PostAsync("api/campaign-values-reports", key, SandboxReportTests.Body("campaign-values-report",
                $"\"statistics\":[\"recipients\",\"conversions\",\"conversion_value\"],\"timeframe\":{{\"start\":\"2026-05-01T00:00:00+00:00\",\"end\":\"2026-06-30T00:00:00+00:00\"}},\"conversion_metric_id\":\"{metric}\""),
                TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, report.StatusCode);
            bodies.Add((await report.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Replace(server.BaseAddress.ToString(), "{base}/", StringComparison.Ordinal));
        }
        return bodies;
    }

    private static async Task<string> PlacedOrderMetricAsync(SandboxServer server, string key) =>
        (await server.GetJsonAsync("api/metrics", key)).GetProperty("data").EnumerateArray()
            .First(m => m.GetProperty("attributes").GetProperty("name").GetString() == "Placed Order")
            .GetProperty("id").GetString()!;

    private static async Task<long> OrdersInJuneAsync(SandboxServer server, string key) =>
        await CountAsync(server, key, "2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z");

    /// <summary>Orders from 2026-06-19 to 2026-06-21 UTC: the whole account-local 20 June in every generated timezone.</summary>
    private static async Task<long> OrdersAroundTwentiethAsync(SandboxServer server, string key) =>
        await CountAsync(server, key, "2026-06-19T00:00:00Z", "2026-06-22T00:00:00Z");

    private static async Task<long> CountAsync(SandboxServer server, string key, string from, string to)
    {
        var metric = await PlacedOrderMetricAsync(server, key);
        var json = await server.PostJsonAsync("api/metric-aggregates", key, SandboxReportTests.Body("metric-aggregate",
            $"\"metric_id\":\"{metric}\",\"measurements\":[\"count\"],\"interval\":\"month\",\"filter\":[\"greater-or-equal(datetime,{from})\",\"less-than(datetime,{to})\"]"));
        return json.GetProperty("data").GetProperty("attributes").GetProperty("data").EnumerateArray()
            .Sum(row => row.GetProperty("measurements").GetProperty("count").EnumerateArray().Sum(v => (long)v.GetDouble()));
    }
}
