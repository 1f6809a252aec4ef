using System.Diagnostics;
using System.Globalization;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.KlaviyoSandbox;

public sealed class SandboxDeterminismTests
{
    private static readonly string[] Urls =
    [
        "api/accounts",
        "api/metrics",
        "api/campaigns?filter=equals(messages.channel,'email')&include=campaign-messages,tags",
        "api/flows?include=flow-actions",
        "api/events?filter=greater-or-equal(datetime,2025-12-01T00:00:00Z)&page[size]=500&include=profile,attributions",
    ];

    [Fact]
    public async Task Responses_SameSeed_AreByteIdentical()
    {
        var first = await BodiesAsync(seed: 7);
        var second = await BodiesAsync(seed: 7);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Responses_DifferentSeed_Differ()
    {
        var first = await BodiesAsync(seed: 7);
        var second = await BodiesAsync(seed: 8);

        Assert.NotEqual(first[^1], second[^1]);
        Assert.Equal(first[0], second[0]);
    }

    /// <summary>
    /// Not a timed assertion: checks that a year of the large account pages completely and matches the aggregate,
    /// and prints how long it took. Explicit because it moves ~300 MB of JSON: run it with
    /// <c>dotnet test -c Release --filter "FullyQualifiedName~OneYearOfNorthloop" -- xUnit.Explicit=only</c>.
    /// </summary>
    [Fact(Explicit = true)]
    public async Task GetEvents_OneYearOfNorthloop_PagesCompletelyAndMatchesTheAggregate()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        var metric = await server.MetricIdAsync(SandboxTestExtensions.Northloop, "Placed Order", "Shopify");
        const string Range = "greater-or-equal(datetime,2025-07-01T00:00:00Z),less-than(datetime,2026-07-01T00:00:00Z)";
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();

        var url = $"api/events?filter=equals(metric_id,\"{metric}\"),{Range}&page[size]=1000&include=profile,attributions";
        var count = 0;
        var pages = 0;
        string? last = null;
        while (url is not null)
        {
            using var response = await server.GetAsync(url, SandboxTestExtensions.Northloop, TestContext.Current.CancellationToken);
            using var document = await System.Text.Json.JsonDocument.ParseAsync(
                await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken), default, TestContext.Current.CancellationToken);
            var page = document.RootElement;
            pages++;
            foreach (var e in page.GetProperty("data").EnumerateArray())
            {
                var id = e.GetProperty("attributes").GetProperty("datetime").GetString() + e.GetProperty("id").GetString();
                Assert.True(last is null || string.CompareOrdinal(last, id) < 0);
                last = id;
                count++;
            }
            var next = page.GetProperty("links").GetProperty("next");
            url = next.ValueKind == System.Text.Json.JsonValueKind.Null ? null : next.GetString();
        }
        clock.Stop();
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var aggregate = await server.PostJsonAsync("api/metric-aggregates", SandboxTestExtensions.Northloop, SandboxReportTests.Body("metric-aggregate",
            $"\"metric_id\":\"{metric}\",\"measurements\":[\"count\"],\"interval\":\"month\",\"filter\":[\"greater-or-equal(datetime,2025-07-01T00:00:00Z)\",\"less-than(datetime,2026-07-01T00:00:00Z)\"]"));

        var expected = aggregate.GetProperty("data").GetProperty("attributes").GetProperty("data")[0].GetProperty("measurements").GetProperty("count").EnumerateArray().Sum(v => v.GetInt64());
        Assert.Equal(expected, count);
        Assert.InRange(count, 90_000, 140_000);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"northloop 1 year: {count} events, {pages} pages, {clock.Elapsed.TotalSeconds:F2} s wall, {cpuUsed.TotalSeconds:F2} s CPU (client+server), {clock.Elapsed.TotalMilliseconds / pages:F1} ms/page"));
    }

    private static async Task<List<string>> BodiesAsync(long seed)
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync(o => o.Seed = seed);
        var bodies = new List<string>();
        foreach (var url in Urls)
        {
            using var response = await server.GetAsync(url, SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            bodies.Add(body.Replace(server.BaseAddress.ToString(), "{base}/", StringComparison.Ordinal));
        }
        return bodies;
    }
}
