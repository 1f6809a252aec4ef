using System.Net;
using System.Text.Json;
using Backfill.Services.Alerts;
using Backfill.Services.Storage;
using Backfill.Tests.Alerts.Receivers;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Web.Api;

/// <summary><c>GET /api/alerts</c> and <c>POST /api/alerts/test</c> in the whole app, with real receivers.</summary>
public sealed class AlertsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Alerts_ListIncidentsAndChannels_TestAlertReachesEveryChannel_NoAddressOrSecretIsShown()
    {
        await using var slack = await SlackReceiver.StartAsync(SlackReceiver.NewPath());
        var secret = WebhookReceiver.NewSecret();
        await using var webhook = await WebhookReceiver.StartAsync(secret);
        await using var app = await BackfillApp.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:Slack:WebhookUrl"] = slack.Url.ToString(),
            ["Alerts:Webhook:Url"] = webhook.Url.ToString(),
            ["Alerts:Webhook:Secret"] = secret,
        });

        app.Services.GetRequiredService<IAlertSignals>().ValidationMismatch(ClientId.Parse("rogue-creamery"), [new DateOnly(2026, 3, 1)]);
        await webhook.WaitForAttemptsAsync(1);
        using var list = await app.Client.GetAsync("/api/alerts", Ct);
        var listed = await list.Content.ReadAsStringAsync(Ct);
        using var test = await app.Client.PostAsync("/api/alerts/test", null, Ct);
        var tested = await test.Content.ReadAsStringAsync(Ct);
        await slack.WaitForAttemptsAsync(2);
        await webhook.WaitForAttemptsAsync(2);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var body = JsonDocument.Parse(listed).RootElement;
        Assert.Equal(1, body.GetProperty("open").GetInt32());
        Assert.Equal(["slack", "webhook"], body.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        var incident = Assert.Single(body.GetProperty("incidents").EnumerateArray());
        Assert.Equal("rogue-creamery", incident.GetProperty("client_id").GetString());
        Assert.Equal("validation_mismatch", incident.GetProperty("kind").GetString());
        Assert.Equal("open", incident.GetProperty("status").GetString());
        Assert.Equal("Days: 2026-03-01", incident.GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.OK, test.StatusCode);
        var result = JsonDocument.Parse(tested).RootElement;
        Assert.Equal("delivered", result.GetProperty("status").GetString());
        Assert.All(result.GetProperty("channels").EnumerateArray(), c => Assert.True(c.GetProperty("delivered").GetBoolean()));
        Assert.Contains("test", webhook.Requests[1].Body, StringComparison.Ordinal);
        Assert.Contains("Test alert", SlackReceiver.Text(slack.Requests[^1]), StringComparison.Ordinal);
        Assert.All(webhook.Requests, r => Assert.True(r.Valid, r.Problem));
        foreach (var shown in new[] { listed, tested })
        {
            Assert.DoesNotContain(slack.Url.AbsolutePath, shown, StringComparison.Ordinal);
            Assert.DoesNotContain(webhook.Url.ToString(), shown, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, shown, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TestAlert_NoChannelConfigured_Is409Problem()
    {
        await using var app = await BackfillApp.StartAsync();

        using var response = await app.Client.PostAsync("/api/alerts/test", null, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("No alert channel is configured", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
