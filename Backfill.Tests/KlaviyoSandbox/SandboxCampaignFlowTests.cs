using System.Net;
using System.Text.Json;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.KlaviyoSandbox;

public sealed class SandboxCampaignFlowTests
{
    private static readonly string[] RequiredCampaignAttributes =
        ["name", "status", "archived", "audiences", "send_options", "send_strategy", "created_at", "updated_at"];

    [Fact]
    public async Task GetCampaigns_WithoutChannelFilter_Returns400()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        using var response = await server.GetAsync("api/campaigns?filter=equals(archived,false)", SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.JsonAsync()).SingleError();
        Assert.Contains("messages.channel", error.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCampaigns_AllChannelsAndArchiveStates_CoverAboutOneHundredFiftyCampaigns()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();
        var all = new List<JsonElement>();

        foreach (var channel in new[] { "email", "sms", "mobile_push" })
        {
            foreach (var archived in new[] { "false", "true" })
            {
                all.AddRange(await server.AllEventsAsync(
                    $"api/campaigns?filter=and(equals(messages.channel,'{channel}'),equals(archived,{archived}))&page[size]=40", SandboxTestExtensions.Rogue));
            }
        }

        Assert.Equal(150, all.Count);
        Assert.Equal(150, all.Select(c => c.GetProperty("id").GetString()).Distinct().Count());
        Assert.Contains(all, c => c.GetProperty("attributes").GetProperty("archived").GetBoolean());
        Assert.Contains(all, c => c.GetProperty("attributes").GetProperty("status").GetString() == "Draft");
        Assert.All(all, c =>
        {
            var a = c.GetProperty("attributes");
            foreach (var required in RequiredCampaignAttributes)
            {
                Assert.True(a.TryGetProperty(required, out _), required);
            }
        });
    }

    [Fact]
    public async Task GetCampaigns_WithoutArchivedFilter_HidesArchived()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var campaigns = await server.AllEventsAsync("api/campaigns?filter=equals(messages.channel,'email')", SandboxTestExtensions.Rogue);

        Assert.NotEmpty(campaigns);
        Assert.All(campaigns, c => Assert.False(c.GetProperty("attributes").GetProperty("archived").GetBoolean()));
    }

    [Fact]
    public async Task GetCampaigns_IncludeMessagesAndTags_IncludesEachOnce()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var json = await server.GetJsonAsync("api/campaigns?filter=equals(messages.channel,'email')&include=campaign-messages,tags&sort=-created_at", SandboxTestExtensions.Rogue);

        var data = json.GetProperty("data").EnumerateArray().ToList();
        var included = json.GetProperty("included").EnumerateArray().ToList();
        var keys = included.Select(i => i.GetProperty("type").GetString() + "/" + i.GetProperty("id").GetString()).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(data.Count, included.Count(i => i.GetProperty("type").GetString() == "campaign-message"));
        Assert.InRange(included.Count(i => i.GetProperty("type").GetString() == "tag"), 1, 5);
        var message = included.First(i => i.GetProperty("type").GetString() == "campaign-message");
        Assert.Equal("email", message.GetProperty("attributes").GetProperty("definition").GetProperty("channel").GetString());
        var created = data.Select(c => c.GetProperty("attributes").GetProperty("created_at").GetString()).ToList();
        Assert.Equal(created.OrderByDescending(c => c, StringComparer.Ordinal), created);
    }

    [Theory]
    [InlineData("api/campaigns?filter=equals(messages.channel,'email')&page[size]=101", "between 1 and 100")]
    [InlineData("api/campaigns?filter=equals(messages.channel,'fax')", "must be one of")]
    [InlineData("api/campaigns?filter=equals(messages.channel,'email'),equals(send_time,2025-01-01T00:00:00Z)", "'send_time' is not a valid field")]
    [InlineData("api/flows?page[size]=51", "between 1 and 50")]
    [InlineData("api/flows?filter=contains(status,'live')", "not allowed for field 'status'")]
    [InlineData("api/metrics?filter=equals(name,'Placed Order')", "'name' is not a valid field")]
    public async Task List_InvalidParameters_Return400(string url, string detail)
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        using var response = await server.GetAsync(url, SandboxTestExtensions.Rogue, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, (await response.JsonAsync()).SingleError().GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFlows_ArchivedAndActive_GiveTenFlowsWithActions()
    {
        await using var server = await SandboxTestExtensions.StartUnlimitedAsync();

        var active = await server.GetJsonAsync("api/flows?include=flow-actions&page[size]=4", SandboxTestExtensions.Rogue);
        var activeAll = await server.AllEventsAsync("api/flows?page[size]=4", SandboxTestExtensions.Rogue);
        var archived = await server.AllEventsAsync("api/flows?filter=equals(archived,true)", SandboxTestExtensions.Rogue);

        Assert.Equal(9, activeAll.Count);
        var archivedFlow = Assert.Single(archived);
        Assert.True(archivedFlow.GetProperty("attributes").GetProperty("archived").GetBoolean());
        var actions = active.GetProperty("included").EnumerateArray().ToList();
        var referenced = active.GetProperty("data").EnumerateArray()
            .SelectMany(f => f.GetProperty("relationships").GetProperty("flow-actions").GetProperty("data").EnumerateArray())
            .Select(a => a.GetProperty("id").GetString()).ToList();
        Assert.Equal(referenced, actions.Select(a => a.GetProperty("id").GetString()));
        Assert.Contains(activeAll, f => f.GetProperty("attributes").GetProperty("status").GetString() == "draft");
    }

    [Fact]
    public async Task GetMetrics_RogueCreamery_HasTwoPlacedOrderMetricsFromDifferentIntegrations()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var all = await server.GetJsonAsync("api/metrics", SandboxTestExtensions.Rogue);
        var shopify = await server.GetJsonAsync("api/metrics?filter=equals(integration.name,'Shopify')", SandboxTestExtensions.Rogue);

        var placed = all.GetProperty("data").EnumerateArray().Where(m => m.GetProperty("attributes").GetProperty("name").GetString() == "Placed Order").ToList();
        Assert.Equal(2, placed.Count);
        Assert.Equal(["Shopify", "WooCommerce"], placed.Select(m => m.GetProperty("attributes").GetProperty("integration").GetProperty("name").GetString()).Order());
        Assert.All(shopify.GetProperty("data").EnumerateArray(), m => Assert.Equal("Shopify", m.GetProperty("attributes").GetProperty("integration").GetProperty("name").GetString()));
        Assert.Single(shopify.GetProperty("data").EnumerateArray(), m => m.GetProperty("attributes").GetProperty("name").GetString() == "Placed Order");
    }

    [Fact]
    public async Task GetEvents_SecondaryPlacedOrderMetric_ReturnsOnlyItsOwnOrders()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var woo = await server.MetricIdAsync(SandboxTestExtensions.Rogue, "Placed Order", "WooCommerce");

        var events = await server.AllEventsAsync($"api/events?filter=equals(metric_id,'{woo}'),greater-or-equal(datetime,2026-01-01T00:00:00Z)&page[size]=1000", SandboxTestExtensions.Rogue);

        Assert.InRange(events.Count, 20, 150);
        Assert.All(events, e => Assert.Equal(woo, e.GetProperty("relationships").GetProperty("metric").GetProperty("data").GetProperty("id").GetString()));
    }
}
