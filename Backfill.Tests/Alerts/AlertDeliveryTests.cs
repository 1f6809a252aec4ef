using System.Diagnostics;
using Backfill.Services.Alerts;
using Backfill.Tests.Alerts.Receivers;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.Alerts;

/// <summary>
/// Retries, timeouts and queues of the dispatcher against real receivers that answer 500, 429 or nothing; every delay
/// is on a fake clock.
/// </summary>
public sealed class AlertDeliveryTests
{
    [Fact]
    public async Task Receiver500_IsRetriedWithBackoff_AndDeliveredOnce()
    {
        var secret = WebhookReceiver.NewSecret();
        await using var receiver = await WebhookReceiver.StartAsync(secret);
        receiver.Respond = (attempt, context) => attempt <= 2 ? HttpReceiver.Status(context, 500, "upstream down") : HttpReceiver.Ok(context);
        var logs = new AlertLogs();
        var time = new FakeTimeProvider(AlertTestServices.Noon);
        await using var services = AlertTestServices.Build(Webhook(receiver, secret), time, logs);
        var dispatcher = await AlertChannelTests.StartDispatcherAsync(services);

        dispatcher.Enqueue(AlertText.ForIncident(AlertTestServices.Incident(), AlertEvent.Opened, AlertTestServices.Noon));
        await receiver.WaitForAttemptsAsync(1);
        var first = await logs.WaitForAsync(t => t.StartsWith("Alert not delivered to webhook", StringComparison.Ordinal));
        await AlertTestServices.AdvanceUntilAsync(time, receiver, () => receiver.Attempts == 3, TimeSpan.FromMilliseconds(250));
        await logs.WaitForAsync(t => t.StartsWith("Alert opened run_failed for acme sent to webhook", StringComparison.Ordinal));
        time.Advance(TimeSpan.FromHours(1));

        Assert.Contains("answered 500: upstream down", first, StringComparison.Ordinal);
        Assert.False(await receiver.NextArrivalAsync(TimeSpan.FromMilliseconds(200)));
        Assert.Equal(3, receiver.Attempts);
        Assert.All(receiver.Requests, r => Assert.True(r.Valid, r.Problem));

        // Each attempt is signed anew with its own timestamp; the delivery id stays, so a receiver can drop duplicates.
        Assert.Single(receiver.Requests.Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("delivery_id").GetGuid()).Distinct());
        Assert.NotEqual(receiver.Requests[0].Headers[WebhookSignature.TimestampHeader], receiver.Requests[2].Headers[WebhookSignature.TimestampHeader]);
    }

    [Fact]
    public async Task Receiver429_WaitsExactlyItsRetryAfter()
    {
        await using var receiver = await SlackReceiver.StartAsync(SlackReceiver.NewPath());
        receiver.Respond = (attempt, context) => attempt == 1
            ? HttpReceiver.Status(context, 429, "rate_limited", retryAfter: TimeSpan.FromSeconds(90))
            : HttpReceiver.Ok(context);
        var logs = new AlertLogs();
        var time = new FakeTimeProvider(AlertTestServices.Noon);
        await using var services = AlertTestServices.Build(AlertTestServices.Settings(("Alerts:Slack:WebhookUrl", receiver.Url.ToString())), time, logs);
        var dispatcher = await AlertChannelTests.StartDispatcherAsync(services);

        dispatcher.Enqueue(AlertText.ForIncident(AlertTestServices.Incident(), AlertEvent.Opened, AlertTestServices.Noon));
        var retry = await logs.WaitForAsync(t => t.StartsWith("Alert not delivered to slack", StringComparison.Ordinal));
        time.Advance(TimeSpan.FromSeconds(89));
        var early = await receiver.NextArrivalAsync(TimeSpan.FromMilliseconds(200));
        time.Advance(TimeSpan.FromSeconds(1));
        await receiver.WaitForAttemptsAsync(2);

        Assert.Contains("attempt 2 in 00:01:30", retry, StringComparison.Ordinal);
        Assert.False(early, "retried before Retry-After had passed");
    }

    [Fact]
    public async Task HangingReceiver_AttemptTimesOut_AndTheRetryDelivers()
    {
        var secret = WebhookReceiver.NewSecret();
        await using var receiver = await WebhookReceiver.StartAsync(secret);
        receiver.Respond = (attempt, context) => attempt == 1 ? HttpReceiver.Hang(context) : HttpReceiver.Ok(context);
        var logs = new AlertLogs();
        var time = new FakeTimeProvider(AlertTestServices.Noon);
        await using var services = AlertTestServices.Build(Webhook(receiver, secret), time, logs);
        var dispatcher = await AlertChannelTests.StartDispatcherAsync(services);

        dispatcher.Enqueue(AlertText.ForIncident(AlertTestServices.Incident(), AlertEvent.Opened, AlertTestServices.Noon));
        await receiver.WaitForAttemptsAsync(1);
        await AlertTestServices.AdvanceUntilAsync(time, receiver, () => receiver.Attempts == 2, TimeSpan.FromMilliseconds(500));
        await logs.WaitForAsync(t => t.StartsWith("Alert opened run_failed for acme sent to webhook", StringComparison.Ordinal));

        Assert.Contains(logs.Entries, e => e.Text.Contains("(no answer within Alerts:SendTimeout); attempt 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HangingChannel_NeverDelaysTheOthers_NorTheCaller()
    {
        var secret = WebhookReceiver.NewSecret();
        await using var hanging = await WebhookReceiver.StartAsync(secret);
        hanging.Respond = (_, context) => HttpReceiver.Hang(context);
        await using var slack = await SlackReceiver.StartAsync(SlackReceiver.NewPath());
        var settings = Webhook(hanging, secret);
        settings["Alerts:Slack:WebhookUrl"] = slack.Url.ToString();
        settings["Alerts:QueueCapacity"] = "2";
        var logs = new AlertLogs();
        await using var services = AlertTestServices.Build(settings, logs: logs);
        var dispatcher = await AlertChannelTests.StartDispatcherAsync(services);
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < 10; i++)
        {
            dispatcher.Enqueue(AlertText.ForIncident(AlertTestServices.Incident($"client-{i}"), AlertEvent.Opened, AlertTestServices.Noon));
        }

        var enqueued = clock.Elapsed;
        await slack.WaitForAttemptsAsync(1);
        await hanging.WaitForAttemptsAsync(1);

        Assert.True(enqueued < TimeSpan.FromSeconds(1), $"queuing 10 alerts took {enqueued}");
        Assert.Equal(1, hanging.Attempts);
        Assert.Contains(logs.Entries, e => e.Text.StartsWith("Alert queue of webhook is full; dropped the oldest message", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Receiver4xx_IsNotRetried()
    {
        await using var receiver = await SlackReceiver.StartAsync(SlackReceiver.NewPath());
        receiver.Respond = (_, context) => HttpReceiver.Status(context, 404, "no_service");
        var logs = new AlertLogs();
        var time = new FakeTimeProvider(AlertTestServices.Noon);
        await using var services = AlertTestServices.Build(AlertTestServices.Settings(("Alerts:Slack:WebhookUrl", receiver.Url.ToString())), time, logs);
        var dispatcher = await AlertChannelTests.StartDispatcherAsync(services);

        dispatcher.Enqueue(AlertText.ForIncident(AlertTestServices.Incident(), AlertEvent.Opened, AlertTestServices.Noon));
        var gaveUp = await logs.WaitForAsync(t => t.Contains("could not be sent to slack", StringComparison.Ordinal));

        Assert.Contains("Slack answered 404: no_service", gaveUp, StringComparison.Ordinal);
        Assert.Equal(1, receiver.Attempts);
        Assert.DoesNotContain(logs.Entries, e => e.Text.StartsWith("Alert not delivered", StringComparison.Ordinal));
    }

    private static Dictionary<string, string?> Webhook(HttpReceiver receiver, string secret) =>
        AlertTestServices.Settings(("Alerts:Webhook:Url", receiver.Url.ToString()), ("Alerts:Webhook:Secret", secret));
}
