using System.Net;
using Backfill.KlaviyoSandbox;
using Backfill.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Backfill.Tests.KlaviyoSandbox;

public sealed class SandboxOptionsTests
{
    [Fact]
    public async Task AddKlaviyoSandbox_BindsSectionKlaviyoSandbox()
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Klaviyo:Sandbox:Seed"] = "42",
            ["Klaviyo:Sandbox:HistoryEndDate"] = "2026-01-31",
            ["Klaviyo:Sandbox:HistoryDays"] = "365",
            ["Klaviyo:Sandbox:DateLabels"] = "Local",
            ["Klaviyo:Sandbox:SteadyWindow"] = "00:00:10",
            ["Klaviyo:Sandbox:RateLimits:events:Steady"] = "2",
            ["Klaviyo:Sandbox:Faults:alder-and-ash:RevokedKey"] = "true",
            ["Klaviyo:Sandbox:Faults:alder-and-ash:ReportingDailyCap"] = "5",
        };
        await using var server = await SandboxServer.StartAsync(configuration: configuration, cancellationToken: TestContext.Current.CancellationToken);

        var options = server.Services.GetRequiredService<IOptions<SandboxOptions>>().Value;
        using var revoked = await server.GetAsync("api/accounts", SandboxTestExtensions.Alder, TestContext.Current.CancellationToken);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await server.GetAsync("api/events?page[size]=1", SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(42, options.Seed);
        Assert.Equal(new DateOnly(2026, 1, 31), options.HistoryEndDate);
        Assert.Equal(365, options.HistoryDays);
        Assert.Equal(SandboxDateLabels.Local, options.DateLabels);
        Assert.Equal(TimeSpan.FromSeconds(10), options.SteadyWindow);
        Assert.Equal(5, options.Faults["alder-and-ash"].ReportingDailyCap);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal((HttpStatusCode)429, statuses[2]);
    }

    [Fact]
    public async Task GetEvents_HistoryWindow_EndsAtConfiguredDay()
    {
        await using var server = await SandboxServer.StartAsync(o => { o.HistoryDays = 30; o.RateLimitsEnabled = false; }, cancellationToken: TestContext.Current.CancellationToken);

        var events = await server.AllEventsAsync("api/events?page[size]=1000", SandboxTestExtensions.Rogue);

        var first = DateTimeOffset.FromUnixTimeSeconds(events[0].GetProperty("attributes").GetProperty("timestamp").GetInt64());
        var last = DateTimeOffset.FromUnixTimeSeconds(events[^1].GetProperty("attributes").GetProperty("timestamp").GetInt64());
        Assert.InRange(events.Count, 600, 2000);
        Assert.True(first >= new DateTimeOffset(2026, 6, 1, 7, 0, 0, TimeSpan.Zero), first.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(last < new DateTimeOffset(2026, 7, 1, 7, 0, 0, TimeSpan.Zero), last.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }
}
